/**
 * The words that say what a question is about, beyond names: the data it
 * would send somewhere and the use it is for. The words that are never
 * names live with name matching, in the registry's name-words.
 */

/** Nouns that make a phrase about data rather than a use: "customer phone numbers", "client emails". */
export const DATA_NOUNS: ReadonlySet<string> = new Set(
  (
    "data info information record records number numbers detail details email emails address addresses name names " +
    "file files document documents doc docs content contents text log logs transcript transcripts recording " +
    "recordings spreadsheet spreadsheets sheet sheets invoice invoices contract contracts code password passwords " +
    "credential credentials key keys secret secrets list lists database databases dataset datasets table tables " +
    "message messages ticket tickets note notes report reports photo photos image images pii phi dump export exports"
  ).split(" "),
);

/** Verbs whose object is data: "paste X into", "upload X to". */
export const DATA_VERBS: ReadonlySet<string> = new Set(
  (
    "paste pasting upload uploading share sharing send sending feed feeding give giving put putting input enter " +
    "submit attach copy load expose process processing analyze analyse analyzing analysing"
  ).split(" "),
);

/** Prepositions after which a phrase with a data noun, or an unknown word, is the data. */
export const DATA_PREPOSITIONS: ReadonlySet<string> = new Set(["with", "into", "containing", "including", "on"]);

/** Words that skip to the head of a phrase: "my", "the", "some". */
export const DETERMINERS: ReadonlySet<string> = new Set(
  "a an the my our your their his her its some any this that these those all of".split(" "),
);

/** "for the design team", "for me", "for now": who or when, not a use case. */
export const NOT_A_USE: ReadonlySet<string> = new Set(
  (
    "team teams folks colleague colleagues friend friends manager boss people person everyone anyone someone me us " +
    "you them it this that now today tomorrow sure real example instance once good ever free while bit work use " +
    "org company department dept group squad"
  ).split(" "),
);
