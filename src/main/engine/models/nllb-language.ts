// NLLB-CLIP packs (Immich's `nllb-clip-*`) read text that starts with a FLORES-200 language code
// (`zho_Hans一只猫`, no space), as NLLB's tokenizer was trained. The code comes from the user's
// language (settings, else the OS locale); a query written in a script that language cannot be
// written in (Chinese typed on an English system) takes the script's language instead.

/** BCP 47 language (lower-case primary subtag, or language-Script / language-REGION) -> FLORES-200. */
const FLORES: Record<string, string> = {
  af: 'afr_Latn', am: 'amh_Ethi', ar: 'arb_Arab', az: 'azj_Latn', be: 'bel_Cyrl', bg: 'bul_Cyrl',
  bn: 'ben_Beng', bs: 'bos_Latn', ca: 'cat_Latn', cs: 'ces_Latn', cy: 'cym_Latn', da: 'dan_Latn',
  de: 'deu_Latn', el: 'ell_Grek', en: 'eng_Latn', es: 'spa_Latn', et: 'est_Latn', eu: 'eus_Latn',
  fa: 'pes_Arab', fi: 'fin_Latn', fil: 'tgl_Latn', fr: 'fra_Latn', ga: 'gle_Latn', gl: 'glg_Latn',
  gu: 'guj_Gujr', he: 'heb_Hebr', hi: 'hin_Deva', hr: 'hrv_Latn', hu: 'hun_Latn', hy: 'hye_Armn',
  id: 'ind_Latn', is: 'isl_Latn', it: 'ita_Latn', ja: 'jpn_Jpan', ka: 'kat_Geor', kk: 'kaz_Cyrl',
  km: 'khm_Khmr', kn: 'kan_Knda', ko: 'kor_Hang', lt: 'lit_Latn', lv: 'lvs_Latn', mk: 'mkd_Cyrl',
  ml: 'mal_Mlym', mn: 'khk_Cyrl', mr: 'mar_Deva', ms: 'zsm_Latn', my: 'mya_Mymr', nb: 'nob_Latn',
  ne: 'npi_Deva', nl: 'nld_Latn', nn: 'nno_Latn', no: 'nob_Latn', pa: 'pan_Guru', pl: 'pol_Latn',
  pt: 'por_Latn', ro: 'ron_Latn', ru: 'rus_Cyrl', si: 'sin_Sinh', sk: 'slk_Latn', sl: 'slv_Latn',
  sq: 'als_Latn', sr: 'srp_Cyrl', sv: 'swe_Latn', sw: 'swh_Latn', ta: 'tam_Taml', te: 'tel_Telu',
  th: 'tha_Thai', tl: 'tgl_Latn', tr: 'tur_Latn', uk: 'ukr_Cyrl', ur: 'urd_Arab', uz: 'uzn_Latn',
  vi: 'vie_Latn', zh: 'zho_Hans', 'zh-hans': 'zho_Hans', 'zh-hant': 'zho_Hant', 'zh-tw': 'zho_Hant',
  'zh-hk': 'zho_Hant', 'zh-mo': 'zho_Hant', yue: 'yue_Hant',
};

/** FLORES-200 code for a BCP 47 tag (zh-TW, pt_BR.UTF-8, en), or null when unknown. */
export function floresCode(language: string | undefined | null): string | null {
  if (!language) return null;
  const tag = language.split('.')[0]!.replace(/_/g, '-').toLowerCase();
  const parts = tag.split('-');
  const primary = parts[0]!;
  for (const sub of parts.slice(1)) {
    const hit = FLORES[`${primary}-${sub}`];
    if (hit) return hit;
  }
  return FLORES[primary] ?? null;
}

/** Scripts that name their language outright, in the order they are tested. */
const SCRIPT_LANGUAGE: [RegExp, string][] = [
  [/[\u3040-\u30ff]/u, 'jpn_Jpan'], // kana: Japanese even when mixed with kanji
  [/[\uac00-\ud7af\u1100-\u11ff]/u, 'kor_Hang'],
  [/\p{Script=Han}/u, 'zho_Hans'],
  [/\p{Script=Thai}/u, 'tha_Thai'],
  [/\p{Script=Hebrew}/u, 'heb_Hebr'],
  [/\p{Script=Greek}/u, 'ell_Grek'],
];

/** The script's language when the text's script rules out the user's language, else the user's. */
export function floresFor(text: string, userLanguage: string | undefined | null): string {
  const user = floresCode(userLanguage) ?? 'eng_Latn';
  const userScript = user.slice(4);
  for (const [re, code] of SCRIPT_LANGUAGE) {
    if (!re.test(text)) continue;
    if (code.slice(4) === userScript || (code === 'zho_Hans' && user.startsWith('zho_'))) return user;
    if (code === 'zho_Hans' && user === 'jpn_Jpan') return user; // kanji-only Japanese
    return code;
  }
  return user;
}

/** The user's language: GLIMPSE_LANGUAGE, else the OS locale (LC_ALL/LANG on Unix, ICU's default elsewhere). */
export function systemLanguage(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.GLIMPSE_LANGUAGE || env.LC_ALL || env.LC_MESSAGES || env.LANG;
  if (fromEnv && fromEnv !== 'C' && !fromEnv.startsWith('C.') && fromEnv !== 'POSIX') return fromEnv.split('.')[0]!.replace(/_/g, '-');
  return Intl.DateTimeFormat().resolvedOptions().locale;
}
