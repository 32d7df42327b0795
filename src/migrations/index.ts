import type { Migration } from 'kysely';
import * as foundation from './2026_11_25_0800_foundation.ts';
import * as catalog from './2026_11_25_0930_catalog.ts';
import * as requestDescriptions from './2026_11_25_1000_request_descriptions.ts';
import * as catalogEditing from './2026_11_25_1100_catalog_editing.ts';
import * as ruleSettings from './2026_11_25_1130_rule_settings.ts';
import * as auditRecords from './2026_11_25_1200_audit_records.ts';
import * as acceptanceActs from './2026_11_25_1300_acceptance_acts.ts';
import * as mailOutbox from './2026_11_25_1400_mail_outbox.ts';
import * as auditImportDefaults from './2026_11_25_1450_audit_import_defaults.ts';
import * as consultations from './2026_11_25_1500_consultations.ts';
import * as inboundMail from './2026_11_25_1600_inbound_mail.ts';
import * as auditRecordKey from './2026_12_01_0900_audit_record_key.ts';
import * as representatives from './2026_12_03_1200_representatives.ts';
import * as trustLists from './2026_12_08_1000_trust_lists.ts';
import * as descriptionVersions from './2026_12_09_1000_description_versions.ts';
import * as productionRegistration from './2026_12_09_1100_production_registration.ts';
import * as workingCalendar from './2026_12_09_1200_working_calendar.ts';
import * as correctionThreads from './2026_12_09_1300_correction_threads.ts';

// Listed explicitly (not read from disk) so migrations work the same from source, a bundle or a test.
// Never edit a migration once merged: add a new file and a new line here.
export const migrations: Record<string, Migration> = {
  '2026_11_25_0800_foundation': foundation,
  '2026_11_25_0930_catalog': catalog,
  '2026_11_25_1000_request_descriptions': requestDescriptions,
  '2026_11_25_1100_catalog_editing': catalogEditing,
  '2026_11_25_1130_rule_settings': ruleSettings,
  '2026_11_25_1200_audit_records': auditRecords,
  '2026_11_25_1300_acceptance_acts': acceptanceActs,
  '2026_11_25_1400_mail_outbox': mailOutbox,
  '2026_11_25_1450_audit_import_defaults': auditImportDefaults,
  '2026_11_25_1500_consultations': consultations,
  '2026_11_25_1600_inbound_mail': inboundMail,
  '2026_12_01_0900_audit_record_key': auditRecordKey,
  '2026_12_03_1200_representatives': representatives,
  '2026_12_08_1000_trust_lists': trustLists,
  '2026_12_09_1000_description_versions': descriptionVersions,
  '2026_12_09_1100_production_registration': productionRegistration,
  '2026_12_09_1200_working_calendar': workingCalendar,
  '2026_12_09_1300_correction_threads': correctionThreads,
};
