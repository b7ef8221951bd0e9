// Stopwords of the languages whose words people type most in a Latin script: English in full
// (the home screen's example queries are phrased as sentences: "a dog on the beach"), and the
// commonest function words of French, German, Spanish, Italian, Portuguese and Dutch. A stopword
// never becomes a required term nor a prefix term; it still counts inside a "quoted phrase", and a
// query made only of stopwords ("the who") is searched as typed.

const EN =
  'a an the and or but nor if then else of on in at to from by for with without within into onto upon over under about above below ' +
  'between among through during before after around near off out up down across along against toward towards via per ' +
  'is am are was were be been being has have had having do does did doing will would shall should can could may might must ' +
  'i me my mine we us our ours you your yours he him his she her hers it its they them their theirs this that these those ' +
  'who whom whose which what when where why how there here some any all each every no not so too very just than as such ' +
  'own same other both few more most only also again once s t';
const FR = 'le la les un une des du de d l et ou au aux en dans sur sous par pour avec sans ce cet cette ces est sont que qui ne pas il elle ils elles je tu nous vous son sa ses leur leurs';
const DE = 'der die das den dem des ein eine einen einem einer eines und oder im am zum zur vom beim auf aus bei mit nach von vor zu ist sind war nicht auch als wie es er sie wir ihr ich du';
const ES = 'el los las lo unos unas del al y o e u con sin por para sobre entre es son fue que se su sus mi tu muy pero como';
const IT = 'il gli lo uno una dei degli delle della dello nel nella nei sul sulla con per tra fra che non sono di da ed';
const PT = 'os um uma uns umas dos das do da no na nos nas em ao aos pelo pela com sem que não é são seu sua';
const NL = 'het een en van op te met voor bij uit aan naar dat die deze dit zijn niet ook als er of over';

const STOPWORDS = new Set([EN, FR, DE, ES, IT, PT, NL].flatMap((l) => l.split(' ')));

/** True for a function word in one of the lists above (case- and accent-insensitive for ASCII-ish input). */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word.toLowerCase());
}
