// Finding people on the network map by name, for the keyboard: the map itself is a canvas.

/** Lower case without accents, so "bjorn" finds "Björn". */
export function fold(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase();
}

/**
 * The people whose name contains `query` (accents and case ignored): those whose name
 * starts with it first, then by name. An empty query finds no one.
 */
export function findOnMap<T extends { id: number; name: string }>(nodes: T[], query: string, limit = 50): T[] {
  const q = fold(query.trim());
  if (!q) return [];
  const hits: { node: T; starts: boolean; name: string }[] = [];
  for (const node of nodes) {
    const name = fold(node.name);
    const at = name.indexOf(q);
    if (at >= 0) hits.push({ node, starts: at === 0 || name[at - 1] === " ", name });
  }
  hits.sort((a, b) => Number(b.starts) - Number(a.starts) || a.name.localeCompare(b.name) || a.node.id - b.node.id);
  return hits.slice(0, limit).map((h) => h.node);
}
