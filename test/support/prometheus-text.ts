/** One sample of the Prometheus text exposition format. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  /** Each metric family's TYPE (counter, gauge, histogram…). */
  types: Map<string, string>;
  help: Map<string, string>;
  samples: Sample[];
  /**
   * The sample with exactly this name whose labels include `labels`; 0 when
   * none does, as a counter that has not moved yet is absent.
   */
  value(name: string, labels?: Record<string, string>): number;
  /** Every sample of `name` whose labels include `labels`. */
  find(name: string, labels?: Record<string, string>): Sample[];
}

/**
 * Parses the text format Prometheus scrapes (version 0.0.4): comments,
 * HELP and TYPE lines, and samples with escaped label values. Any line that
 * does not fit throws, so a malformed exposition fails the test that reads it.
 */
export function parsePrometheusText(text: string): Exposition {
  const types = new Map<string, string>();
  const help = new Map<string, string>();
  const samples: Sample[] = [];
  for (const [index, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    if (line.startsWith("#")) {
      const meta = /^#\s+(HELP|TYPE)\s+([a-zA-Z_:][a-zA-Z0-9_:]*)\s?(.*)$/.exec(line);
      if (meta?.[1] === "TYPE") types.set(meta[2] as string, meta[3] as string);
      else if (meta?.[1] === "HELP") help.set(meta[2] as string, meta[3] as string);
      continue;
    }
    try {
      samples.push(parseSample(line));
    } catch (error) {
      throw new Error(`line ${index + 1} is not a Prometheus sample (${(error as Error).message}): ${line}`);
    }
  }
  const find = (name: string, labels: Record<string, string> = {}) =>
    samples.filter(
      (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    );
  return {
    types,
    help,
    samples,
    find,
    value(name, labels = {}) {
      const found = find(name, labels);
      if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
      return found[0]?.value ?? 0;
    },
  };
}

function parseSample(line: string): Sample {
  let at = 0;
  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
  if (!nameMatch) throw new Error("no metric name");
  const name = nameMatch[0];
  at = name.length;
  const labels: Record<string, string> = {};
  if (line[at] === "{") {
    at++;
    while (line[at] !== "}") {
      const labelMatch = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(line.slice(at));
      if (!labelMatch) throw new Error(`no label name at column ${at + 1}`);
      at += labelMatch[0].length;
      if (line.slice(at, at + 2) !== '="') throw new Error(`expected =" at column ${at + 1}`);
      at += 2;
      let value = "";
      while (line[at] !== '"') {
        if (at >= line.length) throw new Error("unterminated label value");
        if (line[at] === "\\") {
          const escaped = line[at + 1];
          value += escaped === "n" ? "\n" : escaped;
          at += 2;
        } else {
          value += line[at++];
        }
      }
      at++;
      labels[labelMatch[0]] = value;
      if (line[at] === ",") at++;
      else if (line[at] !== "}") throw new Error(`expected , or } at column ${at + 1}`);
    }
    at++;
  }
  const [valueText, timestamp, ...extra] = line.slice(at).trim().split(/\s+/);
  if (extra.length > 0 || (timestamp !== undefined && !/^-?\d+$/.test(timestamp))) throw new Error("trailing text");
  if (valueText === undefined || valueText === "") throw new Error("no value");
  return { name, labels, value: parseValue(valueText) };
}

/** Like Prometheus's own parser (Go's ParseFloat): NaN and Inf in any case; prom-client writes `Nan`. */
function parseValue(text: string): number {
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(text);
  if (special) return special[2]?.toLowerCase() === "nan" ? Number.NaN : special[1] === "-" ? -Infinity : Infinity;
  const value = Number(text);
  if (Number.isNaN(value) || !/^[+-]?(\d|\.\d)/.test(text)) throw new Error("no value");
  return value;
}
