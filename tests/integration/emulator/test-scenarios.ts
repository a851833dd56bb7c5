/** Small conversations for emulator tests: short enough to play in well under a second at test speed. */
import { ScenarioSchema, type Scenario } from '../../../server/acs-emulator/scenarios/scenario-schema';

export const ENGLISH_CUSTOMER = '4:+15550100001';
export const ENGLISH_AGENT = '8:acs:earshot-test_agent-ana';
export const SPANISH_CUSTOMER = '4:+34911000222';
export const SPANISH_AGENT = '8:acs:earshot-test_agent-luis';

export const englishScenario: Scenario = ScenarioSchema.parse({
  id: 'test-english',
  title: 'Card problem',
  description: 'A short English call with PII and clear sentiment.',
  locale: 'en-US',
  candidateLocales: ['en-US', 'es-ES'],
  participants: {
    agent: { rawId: ENGLISH_AGENT, displayName: 'Ana Agent', role: 'agent' },
    customer: { rawId: ENGLISH_CUSTOMER, displayName: 'Carl Customer', role: 'customer' },
  },
  turns: [
    { speaker: 'agent', text: 'Thank you for calling, this is Ana. How can I help you today?', pauseBeforeMs: 200 },
    { speaker: 'customer', text: 'My card was charged twice and I am really angry about this terrible service.' },
    { speaker: 'agent', text: 'I am sorry to hear that. Can you read me the card number please?' },
    { speaker: 'customer', text: 'Sure, it is 4111 1111 1111 1111 and my email is carl@example.com.' },
    { speaker: 'agent', text: 'Thanks. I will refund the duplicate charge today and send you a confirmation email.' },
    { speaker: 'customer', text: 'That is great, thank you so much for the wonderful help.' },
  ],
});

export const spanishScenario: Scenario = ScenarioSchema.parse({
  id: 'test-spanish',
  title: 'Cliente en español',
  description: 'A Spanish-speaking customer on a call that starts in en-US.',
  locale: 'es-ES',
  candidateLocales: ['en-US', 'es-ES'],
  participants: {
    agent: { rawId: SPANISH_AGENT, displayName: 'Luis Agente', role: 'agent' },
    customer: { rawId: SPANISH_CUSTOMER, displayName: 'Marta Cliente', role: 'customer' },
  },
  turns: [
    { speaker: 'customer', text: 'Hola, buenos días. Tengo un problema con mi factura de este mes, por favor.', pauseBeforeMs: 200 },
    { speaker: 'agent', text: 'Buenos días, claro que sí. ¿Me puede decir su número de cliente?' },
    { speaker: 'customer', text: 'Sí, es el cuatro cinco seis. Me han cobrado dos veces la misma cuota.' },
    { speaker: 'agent', text: 'Entiendo, lo siento mucho. Voy a devolverle el cobro duplicado hoy mismo.' },
    { speaker: 'customer', text: 'Muchísimas gracias, es usted muy amable. Que tenga un buen día.' },
    { speaker: 'agent', text: 'Gracias a usted. ¿Hay algo más en lo que le pueda ayudar hoy?' },
    { speaker: 'customer', text: 'No, nada más. Muchas gracias por todo, adiós.' },
    { speaker: 'agent', text: 'De nada, que tenga un buen día. Adiós.' },
  ],
});

export const holdScenario: Scenario = ScenarioSchema.parse({
  id: 'test-hold',
  title: 'Short hold',
  description: 'Two lines around a hold.',
  locale: 'en-US',
  participants: {
    agent: { rawId: '8:acs:earshot-test_agent-hal', displayName: 'Hal Agent', role: 'agent' },
    customer: { rawId: '4:+15550100003', displayName: 'Hope Customer', role: 'customer' },
  },
  turns: [
    { speaker: 'agent', text: 'Let me check that for you, one moment please.', pauseBeforeMs: 100 },
    { hold: 1500 },
    { speaker: 'agent', text: 'Thanks for holding, everything is fixed now.' },
  ],
});

export const testScenarios: Scenario[] = [englishScenario, spanishScenario, holdScenario];
