/**
 * SymSpell's deletion table, compact: which keys become a given string when
 * one letter is deleted. A map from every deletion to its keys took most of
 * the name index's memory (about 400,000 strings and as many small arrays at
 * 10,000 models); here each deletion is one 8-byte number, a hash of the
 * deletion beside the number of its key, sorted, and found by binary search.
 * A hash shared by another string only offers a key to check, never a match:
 * each key found is checked to be one deletion away.
 */
export class DeletionIndex {
  private readonly keys: string[] = [];
  /** `hash * 2 ** ownerBits + key number`, sorted; built on the first lookup after an add. */
  private entries: Float64Array | null = null;
  private ownerBits = 0;

  add(key: string): void {
    this.keys.push(key);
    this.entries = null;
  }

  /** The keys that one deletion turns into `deletion`, in the order they were added. */
  keysWithDeletion(deletion: string): string[] {
    const entries = this.entries ?? this.build();
    const scale = 2 ** this.ownerBits;
    const low = this.hashOf(deletion) * scale;
    let start = 0;
    let end = entries.length;
    while (start < end) {
      const middle = (start + end) >>> 1;
      if ((entries[middle] as number) < low) start = middle + 1;
      else end = middle;
    }
    const found: string[] = [];
    for (let i = start; i < entries.length && (entries[i] as number) < low + scale; i++) {
      const key = this.keys[(entries[i] as number) % scale] as string;
      if (isOneDeletion(key, deletion) && found.at(-1) !== key) found.push(key);
    }
    return found;
  }

  private build(): Float64Array {
    // Hash and key number share a double's 53 exact bits; with more keys the hash keeps fewer bits.
    this.ownerBits = Math.max(1, Math.ceil(Math.log2(this.keys.length + 1)));
    let count = 0;
    for (const key of this.keys) count += key.length;
    const entries = new Float64Array(count);
    const scale = 2 ** this.ownerBits;
    let at = 0;
    this.keys.forEach((key, owner) => {
      for (const deletion of singleDeletions(key)) entries[at++] = this.hashOf(deletion) * scale + owner;
    });
    entries.sort();
    this.entries = entries;
    return entries;
  }

  /** FNV-1a over the UTF-16 code units, cut to the bits the key numbers leave. */
  private hashOf(text: string): number {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    const bits = Math.min(32, 53 - this.ownerBits);
    return (hash >>> 0) >>> (32 - bits);
  }
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
