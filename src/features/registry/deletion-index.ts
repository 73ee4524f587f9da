/**
 * SymSpell's deletion table, compact: which keys become a given string when
 * one letter is deleted. A map from every deletion to its keys took most of
 * the name index's memory (about 400,000 strings and as many small arrays at
 * 10,000 models); here each deletion is a 32-bit hash and its key's number
 * in an open-addressing table of typed arrays (12 bytes a deletion). A hash
 * shared by another string only offers a key to check, never a match: each
 * key found is checked to be one deletion away.
 */
export class DeletionIndex {
  private readonly keys: string[] = [];
  /** Built on the first lookup after an add: hashes, and key numbers plus one (0: an empty slot). */
  private table: { hashes: Uint32Array; owners: Uint32Array } | null = null;

  add(key: string): void {
    this.keys.push(key);
    this.table = null;
  }

  /** The keys that one deletion turns into `deletion`, in the order they were added. */
  keysWithDeletion(deletion: string): string[] {
    const { hashes, owners } = this.table ?? this.build();
    const hash = hashOf(deletion);
    const found: string[] = [];
    // Linear probing keeps the entries of one hash in the order they were put in: by key number.
    for (let slot = hash % owners.length; owners[slot] !== 0; slot = (slot + 1) % owners.length) {
      if (hashes[slot] !== hash) continue;
      const key = this.keys[(owners[slot] as number) - 1] as string;
      if (found.at(-1) !== key && isOneDeletion(key, deletion)) found.push(key);
    }
    return found;
  }

  private build(): { hashes: Uint32Array; owners: Uint32Array } {
    let count = 0;
    for (const key of this.keys) count += key.length;
    // Two thirds full at most, so that a probe meets an empty slot soon.
    const size = Math.ceil(count * 1.5) + 1;
    const hashes = new Uint32Array(size);
    const owners = new Uint32Array(size);
    this.keys.forEach((key, owner) => {
      for (const deletion of singleDeletions(key)) {
        const hash = hashOf(deletion);
        let slot = hash % size;
        while (owners[slot] !== 0) slot = (slot + 1) % size;
        hashes[slot] = hash;
        owners[slot] = owner + 1;
      }
    });
    this.table = { hashes, owners };
    return this.table;
  }
}

/** FNV-1a over the UTF-16 code units. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** Whether deleting one code unit of `key` gives `deletion`. */
function isOneDeletion(key: string, deletion: string): boolean {
  if (key.length !== deletion.length + 1) return false;
  let i = 0;
  while (i < deletion.length && key[i] === deletion[i]) i++;
  return key.slice(i + 1) === deletion.slice(i);
}

/** A key with each of its code units left out in turn. */
export function singleDeletions(key: string): string[] {
  const result: string[] = [];
  for (let i = 0; i < key.length; i++) result.push(key.slice(0, i) + key.slice(i + 1));
  return result;
}
