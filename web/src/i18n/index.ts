import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import {
  actionDoneTexts,
  actionTexts,
  branchTexts,
  procedureSteps,
  stateTexts,
} from '../../../src/requests/workflow-texts.ts';
import enAccessibility from './en/accessibility.json';
import enActs from './en/acts.json';
import enAdmin from './en/admin.json';
import enAgency from './en/agency.json';
import enAudit from './en/audit.json';
import enCatalog from './en/catalog.json';
import enCommon from './en/common.json';
import enConsultations from './en/consultations.json';
import enMail from './en/mail.json';
import enRequests from './en/requests.json';
import enTrustLists from './en/trust-lists.json';
import lvAccessibility from './lv/accessibility.json';
import lvActs from './lv/acts.json';
import lvAdmin from './lv/admin.json';
import lvAgency from './lv/agency.json';
import lvAudit from './lv/audit.json';
import lvCatalog from './lv/catalog.json';
import lvCommon from './lv/common.json';
import lvConsultations from './lv/consultations.json';
import lvMail from './lv/mail.json';
import lvRequests from './lv/requests.json';
import lvTrustLists from './lv/trust-lists.json';

// Latvian first, English second. The names of states, actions and procedure steps come from the
// server's workflow texts, so the UI and the API documentation can never name them differently.

export const languages = ['lv', 'en'] as const;
export type Language = (typeof languages)[number];
const storageKey = 'pakalpe.language';

function workflowNamespace(lang: Language) {
  const pick = <K extends string>(texts: Record<K, { lv: string; en: string }>) =>
    Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, (v as { lv: string; en: string })[lang]]));
  return {
    state: pick(stateTexts),
    action: pick(actionTexts),
    done: pick(actionDoneTexts),
    branch: pick(branchTexts),
    step: pick(procedureSteps),
  };
}

export function storedLanguage(): Language {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(storageKey);
  return stored === 'en' ? 'en' : 'lv';
}

export function rememberLanguage(lang: Language): void {
  localStorage.setItem(storageKey, lang);
  document.documentElement.lang = lang;
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  lng: storedLanguage(),
  fallbackLng: 'lv',
  defaultNS: 'common',
  ns: [
    'common',
    'requests',
    'agency',
    'admin',
    'catalog',
    'audit',
    'acts',
    'mail',
    'consultations',
    'trustLists',
    'accessibility',
    'workflow',
  ],
  interpolation: { escapeValue: false },
  resources: {
    lv: {
      common: lvCommon,
      requests: lvRequests,
      agency: lvAgency,
      admin: lvAdmin,
      catalog: lvCatalog,
      audit: lvAudit,
      acts: lvActs,
      mail: lvMail,
      consultations: lvConsultations,
      trustLists: lvTrustLists,
      accessibility: lvAccessibility,
      workflow: workflowNamespace('lv'),
    },
    en: {
      common: enCommon,
      requests: enRequests,
      agency: enAgency,
      admin: enAdmin,
      catalog: enCatalog,
      audit: enAudit,
      acts: enActs,
      mail: enMail,
      consultations: enConsultations,
      trustLists: enTrustLists,
      accessibility: enAccessibility,
      workflow: workflowNamespace('en'),
    },
  },
});
