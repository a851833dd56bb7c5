/** Recap wording per template language. English is the fallback for languages without a template. */

export type TemplateLanguage = 'en' | 'es';

export interface SummaryTemplate {
  empty: string;
  customer: string;
  agent: string;
  otherParty: string;
  calledAbout: (who: string, what: string) => string;
  said: (who: string, what: string) => string;
  agentSaid: (who: string, what: string) => string;
  outcome: string;
  nextSteps: string;
  accepted: (who: string, what: string) => string;
  recovered: string;
  dissatisfied: string;
  satisfied: string;
  quote: (text: string) => string;
}

export const TEMPLATES: Record<TemplateLanguage, SummaryTemplate> = {
  en: {
    empty: 'No conversation to summarize yet.',
    customer: 'Customer',
    agent: 'Agent',
    otherParty: 'Other party',
    calledAbout: (who, what) => `${who} called about: ${what}`,
    said: (who, what) => `${who} said: ${what}`,
    agentSaid: (who, what) => `${who} responded: ${what}`,
    outcome: 'Outcome:',
    nextSteps: 'Next steps:',
    accepted: (who, what) => `${who} accepted: ${what}`,
    recovered: 'The customer was unhappy at first but satisfied by the end.',
    dissatisfied: 'The customer remained dissatisfied.',
    satisfied: 'The customer was satisfied.',
    quote: (text) => `“${text}”`,
  },
  es: {
    empty: 'Todavía no hay conversación que resumir.',
    customer: 'Cliente',
    agent: 'Agente',
    otherParty: 'Otra parte',
    calledAbout: (who, what) => `${who} llamó por: ${what}`,
    said: (who, what) => `${who} dijo: ${what}`,
    agentSaid: (who, what) => `${who} respondió: ${what}`,
    outcome: 'Resultado:',
    nextSteps: 'Próximos pasos:',
    accepted: (who, what) => `${who} aceptó: ${what}`,
    recovered: 'El cliente estaba molesto al principio, pero terminó satisfecho.',
    dissatisfied: 'El cliente siguió insatisfecho.',
    satisfied: 'El cliente quedó satisfecho.',
    quote: (text) => `«${text}»`,
  },
};
