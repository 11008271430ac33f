import { describe, expect, it } from 'vitest';
import { eventDatesConflict, findDateMentions, inferEventDate } from './dates.js';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
// Tuesday 15 August 2023, mid-afternoon UTC.
const TUESDAY = Date.parse('2023-08-15T15:20:00Z');

describe('inferEventDate', () => {
  it('resolves a weekday in the lead against the publication date', () => {
    const body = 'Russian President Vladimir Putin spoke to Mali’s military leader about the recent coup in Niger on Tuesday, a call likely to worry Western governments.';
    expect(inferEventDate('Putin talks to Mali’s leader about Niger coup', body, TUESDAY)?.day).toBe(day('2023-08-15'));
    const monday = 'Le président russe Vladimir Poutine s’est entretenu lundi au téléphone avec le colonel Assimi Goïta au sujet du Niger.';
    expect(inferEventDate('Poutine et Goïta parlent du Niger', monday, TUESDAY)?.day).toBe(day('2023-08-14'));
  });

  it('reads French and English calendar dates, with and without a year', () => {
    expect(inferEventDate('', 'Les chefs d’état-major de la CEDEAO se sont réunis le 17 août à Accra pour préparer une éventuelle intervention.', TUESDAY + 3 * 86_400_000)?.day).toBe(day('2023-08-17'));
    expect(inferEventDate('', 'Soldiers detained President Mohamed Bazoum on July 26, 2023, in the presidential palace in Niamey, officials said.', null)?.day).toBe(day('2023-07-26'));
    expect(inferEventDate('', 'Le 1er août, des manifestants ont attaqué l’ambassade de France à Niamey selon les autorités nigériennes.', TUESDAY)?.day).toBe(day('2023-08-01'));
  });

  it('does not take "since July 26" or an announced meeting as the event', () => {
    const body = 'The junta has held Bazoum since July 26. West African army chiefs will meet on Thursday in Ghana to prepare a possible intervention.';
    expect(inferEventDate('Niger junta rejects talks', body, TUESDAY)).toBeNull();
    const mentions = findDateMentions(body, TUESDAY);
    expect(mentions.find((m) => m.monthDay === '07-26')?.since).toBe(true);
    const thursday = mentions.find((m) => m.future);
    expect(thursday?.day).toBe(day('2023-08-17'));
  });

  it('ignores page clutter dated after publication (a site header showing today’s date)', () => {
    const body = 'spot_img\nWednesday, January 29, 2025\n\nPUTIN TALKS TO MALI’S LEADER ABOUT NIGER COUP\n\n(REUTERS) – Russian President Vladimir Putin spoke to Mali’s military leader about the coup in Niger on Tuesday, the Kremlin said in a statement.';
    expect(inferEventDate('', body, TUESDAY)?.day).toBe(day('2023-08-15'));
    expect(findDateMentions(body, TUESDAY).some((m) => m.year === 2025)).toBe(false);
  });

  it('places "last week" and "yesterday" relative to publication, "last week" with a week’s tolerance', () => {
    const lastWeek = inferEventDate('', 'Burkina Faso’s Ibrahim Traore met Putin last week in Saint Petersburg during the Russia–Africa summit, officials said.', TUESDAY);
    expect(lastWeek?.day).toBe(day('2023-08-08'));
    expect(lastWeek?.toleranceDays).toBeGreaterThan(3);
    expect(inferEventDate('', 'Hier, des hommes armés ont attaqué un poste militaire près de Djibo, tuant au moins douze soldats.', TUESDAY)?.day).toBe(day('2023-08-14'));
  });

  it('keeps a day and month without any year comparable by day of the year', () => {
    const jan6 = inferEventDate('', 'Apple on Tuesday (Jan 6) introduced a new 17-inch MacBook Pro at its Macworld keynote in San Francisco.', null);
    expect(jan6?.day).toBeNull();
    const june11 = inferEventDate('', 'Apple unveiled new MacBook Pro models on June 11 at its developer conference in San Francisco, the company said.', null);
    expect(eventDatesConflict(jan6!, june11!)).toBe(true);
    expect(eventDatesConflict(jan6!, { day: null, dayOfYear: 6, toleranceDays: 3 })).toBe(false);
  });
});

describe('eventDatesConflict', () => {
  it('separates two calls a month apart and tolerates reports a day apart', () => {
    const august = { day: day('2023-08-15'), dayOfYear: 226, toleranceDays: 3 };
    const september = { day: day('2023-09-10'), dayOfYear: 252, toleranceDays: 3 };
    const nextDay = { day: day('2023-08-16'), dayOfYear: 227, toleranceDays: 3 };
    expect(eventDatesConflict(august, september)).toBe(true);
    expect(eventDatesConflict(august, nextDay)).toBe(false);
  });
});

describe('inferEventDate: dates a lead recalls or announces', () => {
  it('does not take the end of a past period as the event ("du 8 au 20 novembre 2018")', () => {
    const published = Date.parse('2019-12-10T10:00:00Z');
    const body = 'Le réseau anti-corruption publie son rapport annuel. L’enquête a été réalisée du 8 au 20 novembre 2018 dans les chefs-lieux de région, a indiqué mardi son secrétaire exécutif.';
    expect(inferEventDate('La corruption progresse au Burkina selon un rapport', body, published)?.day).toBe(day('2019-12-10'));
    const english = 'The survey was carried out from 8 to 20 November 2018 in thirteen regional capitals, the network said.';
    expect(inferEventDate('Corruption rises in Burkina, report says', english, published)).toBeNull();
  });

  it('prefers the recent date of the lead over an older one it recalls', () => {
    // Thursday 8 October 2020: the release, not the abduction of 2016.
    const published = Date.parse('2020-10-08T22:30:00Z');
    const body = 'L’humanitaire de 75 ans, enlevée le 24 décembre 2016 à Gao, est arrivée jeudi soir à l’aéroport de Bamako avec l’opposant Soumaïla Cissé.';
    expect(inferEventDate('Sophie Pétronin libérée', body, published)?.day).toBe(day('2020-10-08'));
  });

  it('takes a day and month just after publication as announced, not as a date of last year', () => {
    // Thursday 26 March 2020: "les législatives du 29 mars" are three days ahead.
    const published = Date.parse('2020-03-26T16:00:00Z');
    const body = 'Le chef de file de l’opposition battait campagne pour les législatives du 29 mars quand il a été enlevé mercredi près de Niafunké.';
    expect(inferEventDate('Enlèvement de Soumaïla Cissé', body, published)?.day).toBe(day('2020-03-25'));
  });
});
