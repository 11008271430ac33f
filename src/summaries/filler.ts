// Sentences that carry no news, in English and French: padding ("It is worth noting", "In conclusion",
// "cannot be understated"), calls to action ("Click here", "Scroll down for video") and teasers.

const FILLER: RegExp[] = [
  // English padding, common in rewritten and generated copy.
  /\b(it is|it's) (worth (noting|mentioning|highlighting)|important to (note|consider|remember|understand|highlight|recognize|emphasize)|crucial to (note|understand)|essential to (note|understand))\b/i,
  /\b(it should be noted|needless to say|it goes without saying|as we all know|interestingly enough)\b/i,
  /^(in conclusion|to conclude|in summary|to sum up|all in all|overall|ultimately|in essence|in short)\b,?/i,
  /\b(cannot|can ?not|can't) be (understated|overstated|ignored|overlooked|underestimated)\b/i,
  /\bplays? an? (crucial|vital|key|pivotal|significant|important) role\b/i,
  /\b(only time will tell|remains to be seen|the (international community|world) (will be|is) (closely )?(watching|monitoring))\b/i,
  /\b(far-reaching (consequences|implications)|a testament to|in today's (world|landscape)|navigat(e|ing) the complex)\b/i,
  // French padding.
  /\b(il (convient|faut|est (important|essentiel|intéressant|utile)) de (noter|souligner|rappeler|préciser|mentionner|relever))\b/i,
  /\b(force est de constater|il va sans dire|nul doute que|il est clair que)\b/i,
  /^(en conclusion|pour conclure|en résumé|en somme|en définitive|au final|pour résumer)\b,?/i,
  /\b(reste à savoir|(seul )?l'avenir (nous )?le dira|la communauté internationale (suivra|surveillera|observe|reste attentive))\b/i,
  /\bjoue(nt)? un rôle (crucial|clé|essentiel|majeur|central|déterminant)\b/i,
  /\bne (saurait|peut) être (sous-estimée?s?|ignorée?s?|négligée?s?)\b/i,
  // Calls to action and page furniture that survived extraction.
  /\b(click here|scroll down (for|to)|watch the video|sign up (for|to)|subscribe to|follow us on|read more:|download (the|our) app)\b/i,
  /\b(cliquez ici|abonnez-vous|inscrivez-vous|suivez-nous|lire aussi|à lire aussi|téléchargez (notre|l'application))\b/i,
];

export function isFiller(sentence: string): boolean {
  return FILLER.some((p) => p.test(sentence));
}
