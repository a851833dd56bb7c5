/**
 * What the soak's simulated calls say: call-centre lines in English and Spanish, some with PII masked the way ACS
 * masks it (one `*` per character), so segments, list rows and the store carry realistic text and sizes.
 */
import type { Sentiment } from '../../lib/acs/transcription-packets';

export interface Line {
  text: string;
  sentiment: Sentiment;
}

const ENGLISH: Line[] = [
  { text: 'Thank you for calling Contoso support, my name is Alex, how can I help you today?', sentiment: 'positive' },
  { text: 'Hi, I am calling about a charge on my last bill that I do not recognise.', sentiment: 'negative' },
  { text: 'I am sorry to hear that, let me pull up your account.', sentiment: 'neutral' },
  { text: 'Can you confirm the card number on file, please?', sentiment: 'neutral' },
  { text: 'Sure, it is **** **** **** 4821.', sentiment: 'neutral' },
  { text: 'And the email address on the account?', sentiment: 'neutral' },
  { text: 'It is ******.*****@*******.com.', sentiment: 'neutral' },
  { text: 'My date of birth is ** ***** ****.', sentiment: 'neutral' },
  { text: 'You can call me back on *** *** ****.', sentiment: 'neutral' },
  { text: 'This is the third time I have called about this and nobody has fixed it.', sentiment: 'negative' },
  { text: 'I completely understand your frustration, and I will make sure it gets resolved today.', sentiment: 'mixed' },
  { text: 'I can see the duplicate charge here, it looks like the payment went through twice.', sentiment: 'neutral' },
  { text: 'I have issued a refund, you should see it on your statement within three to five business days.', sentiment: 'positive' },
  { text: 'Great, that is a relief, thank you so much.', sentiment: 'positive' },
  { text: 'Is there anything else I can help you with?', sentiment: 'neutral' },
  { text: 'Actually yes, my internet keeps dropping every evening around eight.', sentiment: 'negative' },
  { text: 'Let me run a line test while we are on the call, it will take about a minute.', sentiment: 'neutral' },
  { text: 'The test shows some noise on the line, I will book a technician for Thursday morning.', sentiment: 'neutral' },
  { text: 'Thursday does not work for me, I am at work all day.', sentiment: 'negative' },
  { text: 'No problem, how about Saturday between nine and twelve?', sentiment: 'positive' },
  { text: 'Saturday is perfect.', sentiment: 'positive' },
  { text: 'The technician will call you on *** *** **** about thirty minutes before arriving.', sentiment: 'neutral' },
  { text: 'I would also like to upgrade my plan if there is a better deal.', sentiment: 'positive' },
  { text: 'We have a fibre plan at the same price for the first twelve months.', sentiment: 'positive' },
  { text: 'Okay, but what happens after twelve months?', sentiment: 'mixed' },
  { text: 'After that it goes up by ten dollars a month unless you cancel.', sentiment: 'neutral' },
  { text: 'Hmm, I am not sure, that sounds like a trap to be honest.', sentiment: 'negative' },
  { text: 'I can send you the full terms by email so you can decide later.', sentiment: 'neutral' },
  { text: 'Please put me on hold for a moment, I need to check something.', sentiment: 'neutral' },
  { text: 'Thanks for waiting, I am back.', sentiment: 'positive' },
  { text: 'Your reference number is ********, please keep it for your records.', sentiment: 'neutral' },
  { text: 'Thank you for your patience, have a great day.', sentiment: 'positive' },
];

const SPANISH: Line[] = [
  { text: 'Gracias por llamar, le atiende Lucía, ¿en qué puedo ayudarle?', sentiment: 'positive' },
  { text: 'Hola, tengo un problema con mi factura de este mes.', sentiment: 'negative' },
  { text: '¿Me puede confirmar su número de cliente, por favor?', sentiment: 'neutral' },
  { text: 'Sí, es el ** *** *** ***.', sentiment: 'neutral' },
  { text: 'Veo un cargo duplicado, lo voy a anular ahora mismo.', sentiment: 'positive' },
  { text: 'Es la segunda vez que me pasa y estoy bastante molesto.', sentiment: 'negative' },
  { text: 'Le entiendo perfectamente y le pido disculpas.', sentiment: 'mixed' },
  { text: 'El reembolso aparecerá en su cuenta en unos días.', sentiment: 'positive' },
  { text: 'Muchas gracias por su ayuda.', sentiment: 'positive' },
];

export const LINES = { 'en-US': ENGLISH, 'es-ES': SPANISH } as const;
export type SoakLocale = keyof typeof LINES;
