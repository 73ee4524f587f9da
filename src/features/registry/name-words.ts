/**
 * The words of a text that are not names: what name matching needs to tell
 * "morning! is nova 5 ok?" apart from a question about a model called
 * "morning". Kept small and plain on purpose; a word missing here only makes
 * the bot ask what was meant, never answer yes.
 */

import { PhraseIndex } from "./phrase-index.ts";

/** Words that carry the question's grammar or its domain; never part of a name unless a registry name has them. */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  (
    "a an the is are am was were be been being i we you he she they it its my our your me us them this that these " +
    "those can could may might should would will shall do does did done to of on in at for with from by about into " +
    "over under what which who whom whose how when where why any all some list show tell please model models ai llm " +
    "llms tool tools use using used approved allowed permitted ok okay fine safe status still now yet instead " +
    "alternative alternatives replace replacement similar data system systems depend depends retire retires " +
    "retiring retired next days day weeks week months month and or not no yes if else than rather available open " +
    "weights weight source self hosted host vendor vendors policy banned blocked prohibited anything something there " +
    "here get got go going want need like just also only which's what's whats whos aigov but as so too very " +
    "because would've we're i'm it's isn't aren't can't don't doesn't won't we've you've they've i've we'll " +
    "you'll they'll we'd you'd they'd"
  ).split(" "),
);

/**
 * Ordinary English, including the greetings, thanks and apologies people
 * wrap a question in. Forms with -s, -es, -ed, -ing, -ly, -er and -'s are
 * recognised from their stem.
 */
const ENGLISH: ReadonlySet<string> = new Set(
  // greetings, sign-offs, politeness
  (
    "hi hello hey hiya howdy yo morning afternoon evening night gm good great thanks thank thx ty tysm cheers " +
    "please pls plz sorry apologies apologize bother bothering quick question questions q asking ask wondering " +
    "curious folks everyone everybody guys all team teams colleague colleagues friend friends manager boss lead " +
    "leads appreciate appreciated advance help helpful quickly real really actually basically honestly just kind " +
    "kinda sort sorta maybe perhaps probably wonder wondered hoping hope idea ideas thought thoughts anyone someone " +
    "somebody anybody nobody people person folk lol haha btw fyi asap tia imo imho ah oh um uh hmm ok okay okey " +
    "yep yeah yup nope sure cool awesome nice lovely happy friday monday tuesday wednesday thursday saturday sunday " +
    "today tomorrow yesterday week weekend soon later again once more most much many few lot lots bit little " +
    "dumb silly stupid basic newbie noob reason reasons cross post posting posted repost thread channel dm " +
    "total totally unknown known sorry apologies hopefully fyi context background update following up " +
    "registry registries bot bots slack assistant governance say says saying pretend act roleplay system " +
    // how vendors and status pages speak of models
    "api apis sdk console desktop mobile web browser ios android cli endpoint endpoints export control " +
    "outage outages error errors elevated degraded degradation incident incidents issue affecting affected " +
    "access availability available unavailable down suspend suspension rate limit limited limits latency " +
    "request requests credit credits usage plan plans picker investigating identified monitoring resolved " +
    "fix fixed mitigated partial major minor critical maintenance scheduled region regions customers " +
    "laptop computer machine browser extension plugin integration learn click visit below above link " +
    // verbs
    "be have has had do make made take took give gave put let say said see saw look looking check checking " +
    "confirm confirmed know knew think try trying tried work working worked run running ran start started stop " +
    "keep kept find found need needed want wanted like liked plan planning planned mean meant meaning move moving " +
    "switch switching adopt adopting approve approval allow allowing handle handling write writing draft drafting " +
    "read reading review reviewing summarize summarise summarizing translate translating generate generating " +
    "build building built deploy deploying ship shipping test testing call calling connect connecting integrate " +
    "paste pasting upload uploading share sharing send sending feed feeding input enter submit attach copy load " +
    "process processing analyze analyse analyzing analysing include including contain containing contains expose " +
    "store storing keep keeping train training fine tune tuning chat chatting talk talking ignore previous " +
    "instruction instructions reply respond answer answered tell told explain explained sign signed okayed clear " +
    "cleared green lit greenlit legal legit supported support supporting enable enabled disable disabled turn " +
    "turned switched shut shutting sunset sunsetting end life being become became remain remains stay " +
    // nouns of work
    "customer customers client clients user users employee employees staff candidate candidates patient patients " +
    "email emails mail message messages chat chats ticket tickets note notes doc docs document documents file " +
    "files record records number numbers phone phones address addresses name names detail details info " +
    "information content contents text texts code codes log logs report reports spreadsheet spreadsheets sheet " +
    "sheets slide slides deck decks contract contracts invoice invoices order orders shipment shipments list " +
    "lists table tables database databases dataset datasets image images photo photos picture pictures video " +
    "videos audio recording recordings transcript transcripts call calls meeting meetings project projects " +
    "product products feature features design designs marketing sales legal finance engineering engineer " +
    "engineers research support operations ops hr people security compliance company org organization " +
    "organisation department dept group squad office business work job jobs task tasks stuff thing things way " +
    "question answer problem issue issues case cases example instance prototype prototypes demo demos pilot " +
    "production prod internal external personal private public sensitive secret secrets confidential " +
    "restricted health medical financial payment payments card cards bank account accounts password passwords " +
    "key keys credential credentials salary salaries performance review reviews feedback survey surveys " +
    "weather time times date dates year years hour hours minute minutes second end start access license " +
    "licence cost price pricing budget plan plans account rule rules guideline guidelines guidance governance " +
    "approval approvals exception exceptions request requests form forms process owner owners channel " +
    "channels app apps application applications service services platform platforms website site page pages " +
    "version versions option options choice choices thing kind sort type types " +
    // adjectives, adverbs
    "new old latest current newest recent best better good bad fine free fun safe sure real same other another " +
    "different own whole every each both either neither first last second third big small large huge tiny " +
    "quick fast slow cheap expensive short long general generic full right wrong correct ready able okay " +
    "officially official generally usually currently already ever never always sometimes often also too very " +
    "even though although because since while whether so then thus therefore however anyway anyways otherwise " +
    "instead meanwhile"
  ).split(/\s+/),
);

const SUFFIXES = ["'s", "s", "es", "ed", "ing", "ly", "er"];

/** Whether a word is ordinary English (or a function word), so it never names a model. */
export function isEnglishWord(word: string): boolean {
  const lower = word.toLowerCase();
  if (/\d/.test(lower)) return false;
  if (FUNCTION_WORDS.has(lower) || ENGLISH.has(lower)) return true;
  for (const suffix of SUFFIXES) {
    if (!lower.endsWith(suffix) || lower.length <= suffix.length + 2) continue;
    const stem = lower.slice(0, -suffix.length);
    if (ENGLISH.has(stem) || ENGLISH.has(`${stem}e`) || FUNCTION_WORDS.has(stem)) return true;
  }
  // "open-weight", "what's", "follow-up": made of English parts.
  const parts = lower.split(/[-'._]+/).filter((part) => part !== "");
  return parts.length > 1 && parts.every((part) => part.length === 1 || isEnglishWord(part));
}

/**
 * English, or English mistyped ("approvd"): not a name. Typo matching uses
 * isEnglishWord instead, since a mistyped word may be a registry name's
 * ("custmer data").
 */
export function looksEnglish(word: string): boolean {
  return isEnglishWord(word) || isMistypedEnglish(word.toLowerCase());
}

/** Long enough that one edit from an English word is that word mistyped ("approvd"), not a name. */
const MISTYPED_MIN_LENGTH = 6;
let englishIndex: PhraseIndex<string> | null = null;

function isMistypedEnglish(word: string): boolean {
  if (word.length < MISTYPED_MIN_LENGTH || !/^[a-z]+$/.test(word) || VARIANT_WORDS.has(word)) return false;
  if (!englishIndex) {
    englishIndex = new PhraseIndex<string>();
    for (const known of [...ENGLISH, ...FUNCTION_WORDS]) englishIndex.add(known, known, { fuzzy: true });
  }
  return englishIndex.nearMatches(word, 1).length > 0;
}

/**
 * Words that turn a model's name into another model's: "Flash" next to
 * "Flash Lite", "Nova 5" next to "Nova 5 mini". Glued to a recognised name,
 * they mean a model the registry does not have.
 */
export const VARIANT_WORDS: ReadonlySet<string> = new Set(
  (
    "mini nano lite light flash pro max plus turbo codex thinking think instruct instruction preview vision ultra " +
    "air coder coding reasoner reasoning omni exp experimental base chat large medium small micro tiny haiku " +
    "sonnet opus heavy fast edge distill distilled quantized awq gguf fp8 int4 int8 realtime audio embed embedding"
  ).split(" "),
);

/** A parameter count: 32b, 70B, 1.5b, 8x7b, a22b, e4b, 400m. */
export const SIZE = /^(?:\d+x)?\d+(?:\.\d+)?[bmkt]$|^[ae]\d+(?:\.\d+)?b$/i;

/** A version: 4, 4.5, v3, 4o. */
export const VERSION = /^v?\d+(?:[.-]\d+)*[a-z]?$/i;
