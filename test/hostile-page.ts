// An article page of distinct sentences at a given size: the input that made an extractive summary compare every
// sentence with every other (issue 12). Shared by the liveness test and the liveness bench.
export function hostilePage(bytes: number): string {
  const paragraphs: string[] = [];
  for (let i = 0, size = 0; size < bytes; i++) {
    const p = `<p>Le convoi numéro ${i} a quitté la ville de Gao vers Kidal avec ${i % 97} camions, ${i % 13} blindés et ${i % 7} ambulances, selon une source locale jointe par téléphone.</p>`;
    paragraphs.push(p);
    size += p.length;
  }
  return `<!doctype html><html><head><title>Convois</title></head><body><article><h1>Convois dans le nord du Mali</h1>${paragraphs.join('')}</article></body></html>`;
}
