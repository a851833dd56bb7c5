/**
 * Contact-centre lines for the search seeding tool: English, Spanish and some Hindi (Devanagari), some with PII
 * masked the way ACS masks it (`*` runs), from templates and word lists with a seeded PRNG, so every run writes the
 * same data. The vocabulary is skewed like speech: a few words are in many lines, some in very few (the benchmark's
 * rare word, "kaleidoscope", is in about one line in 20,000).
 */
export type SeedLanguage = 'en-US' | 'es-ES' | 'es-MX' | 'hi-IN';

export interface SeedLine {
  text: string;
  language: SeedLanguage;
  sentiment: 'positive' | 'neutral' | 'negative';
  piiMasked: boolean;
}

/** mulberry32: small, fast and good enough to vary text. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const EN_PRODUCTS = ['order', 'subscription', 'phone', 'laptop', 'router', 'blender', 'account', 'invoice', 'warranty', 'delivery', 'refund', 'card', 'plan', 'bill', 'package', 'headset', 'printer', 'television'];
const EN_TEMPLATES: { text: string; sentiment: SeedLine['sentiment'] }[] = [
  { text: 'Thank you for calling, how can I help you today?', sentiment: 'positive' },
  { text: 'I want to cancel my {p} because it never arrived.', sentiment: 'negative' },
  { text: 'Can you check the status of my {p} please?', sentiment: 'neutral' },
  { text: 'The {p} stopped working after two weeks and I am really frustrated.', sentiment: 'negative' },
  { text: 'I have updated your {p} and you will get an email shortly.', sentiment: 'positive' },
  { text: 'Let me transfer you to billing about the {p}.', sentiment: 'neutral' },
  { text: 'Is there a charge for replacing the {p}?', sentiment: 'neutral' },
  { text: 'This is the third time I am calling about my {p}.', sentiment: 'negative' },
  { text: 'Great, that solved it, thank you so much for the help with the {p}.', sentiment: 'positive' },
  { text: 'Could you confirm the address on the {p} for me?', sentiment: 'neutral' },
  { text: 'I would like to speak to a manager about this {p}.', sentiment: 'negative' },
  { text: 'One moment while I pull up your {p} details.', sentiment: 'neutral' },
  { text: 'The tracking number says the {p} was delivered yesterday.', sentiment: 'neutral' },
  { text: 'I can offer you a discount on your next {p}.', sentiment: 'positive' },
  { text: 'My {p} was charged twice this month.', sentiment: 'negative' },
];
const EN_PII = [
  'My card number is **** **** **** **** and it expires next year.',
  'You can reach me at *** *** **** after five.',
  'My name is ***** ****** and my account number is ********.',
  'The email on file is ***************, can you update it?',
];

const ES_PRODUCTS = ['pedido', 'suscripción', 'teléfono', 'factura', 'garantía', 'entrega', 'reembolso', 'tarjeta', 'cuenta', 'paquete', 'televisión', 'línea'];
const ES_TEMPLATES: { text: string; sentiment: SeedLine['sentiment'] }[] = [
  { text: 'Gracias por llamar, ¿en qué puedo ayudarle?', sentiment: 'positive' },
  { text: 'Quiero cancelar mi {p} porque nunca llegó.', sentiment: 'negative' },
  { text: '¿Puede revisar el estado de mi {p}, por favor?', sentiment: 'neutral' },
  { text: 'La {p} no funciona desde la semana pasada y estoy muy molesto.', sentiment: 'negative' },
  { text: 'Ya actualicé su {p}, recibirá un correo en unos minutos.', sentiment: 'positive' },
  { text: 'Le transfiero con facturación para revisar la {p}.', sentiment: 'neutral' },
  { text: 'Es la tercera vez que llamo por mi {p}.', sentiment: 'negative' },
  { text: 'Perfecto, muchas gracias por la ayuda con el {p}.', sentiment: 'positive' },
  { text: '¿La garantía cubre el daño del {p}?', sentiment: 'neutral' },
  { text: 'Un momento mientras consulto los datos de su {p}.', sentiment: 'neutral' },
];
const ES_PII = ['Mi número de tarjeta es **** **** **** ****.', 'Me llamo ***** ******* y mi teléfono es *********.'];

const HI_TEMPLATES: { text: string; sentiment: SeedLine['sentiment'] }[] = [
  { text: 'कॉल करने के लिए धन्यवाद, मैं आपकी क्या मदद कर सकता हूँ?', sentiment: 'positive' },
  { text: 'मुझे अपना खाता बंद करना है।', sentiment: 'negative' },
  { text: 'मेरा ऑर्डर अभी तक नहीं पहुँचा है।', sentiment: 'negative' },
  { text: 'कृपया मेरे बिल की जाँच कीजिए।', sentiment: 'neutral' },
  { text: 'मेरी समस्या हल हो गई, बहुत धन्यवाद।', sentiment: 'positive' },
  { text: 'मैं आपको बिलिंग विभाग में ट्रांसफर कर रहा हूँ।', sentiment: 'neutral' },
];
const HI_PII = ['मेरा फ़ोन नंबर ********** है।'];

const FILLERS = ['', '', '', ' Okay.', ' Right.', ' Sure.', ' Thanks.', ' Hmm, let me think.', ' Honestly I am not sure.'];

/** A call's language mix: most calls are English, some Spanish, a few Hindi; a call keeps mostly one language. */
export function callLanguage(random: () => number): SeedLanguage {
  const roll = random();
  return roll < 0.68 ? 'en-US' : roll < 0.8 ? 'es-ES' : roll < 0.92 ? 'es-MX' : 'hi-IN';
}

export function seedLine(random: () => number, callLanguageTag: SeedLanguage): SeedLine {
  // One line in ten switches to English (agents do), whatever the call's language.
  const language = callLanguageTag !== 'en-US' && random() < 0.1 ? 'en-US' : callLanguageTag;
  const masked = random() < 0.06;
  const rare = random() < 0.00005;
  if (language === 'hi-IN') {
    if (masked) return { text: pick(random, HI_PII), language, sentiment: 'neutral', piiMasked: true };
    const template = pick(random, HI_TEMPLATES);
    return { text: template.text, language, sentiment: template.sentiment, piiMasked: false };
  }
  if (language === 'es-ES' || language === 'es-MX') {
    if (masked) return { text: pick(random, ES_PII), language, sentiment: 'neutral', piiMasked: true };
    const template = pick(random, ES_TEMPLATES);
    return { text: template.text.replace('{p}', pick(random, ES_PRODUCTS)), language, sentiment: template.sentiment, piiMasked: false };
  }
  if (masked) return { text: pick(random, EN_PII), language, sentiment: 'neutral', piiMasked: true };
  const template = pick(random, EN_TEMPLATES);
  const product = rare ? 'kaleidoscope' : pick(random, EN_PRODUCTS);
  const order = random() < 0.2 ? ` The reference is ${Math.floor(random() * 900_000 + 100_000)}.` : '';
  return { text: `${template.text.replace('{p}', product)}${order}${pick(random, FILLERS)}`, language, sentiment: template.sentiment, piiMasked: false };
}
