import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

// Row types of every table, as Kysely sees them. Dates of kind `date` are read as 'YYYY-MM-DD'
// strings on both drivers (see connect.ts); timestamptz columns are Date objects.

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DateOnly = ColumnType<string, string, string>;
type Json = ColumnType<Record<string, unknown>, string, string>;

export interface InstitutionsTable {
  id: string;
  name: string;
  registration_number: string;
  is_agency: Generated<boolean>;
  viss_code: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  version: Generated<number>;
  created_at: Timestamp;
}

export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  role: 'institution_member' | 'agency_reviewer' | 'agency_admin';
  institution_id: string | null;
  password_hash: string | null;
  locale: Generated<'lv' | 'en'>;
  is_active: Generated<boolean>;
  created_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  csrf_token: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  token_prefix: string;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface InformationSystemsTable {
  id: string;
  environment: 'test' | 'production';
  code: string;
  name: string;
  institution_id: string;
  controller_institution_id: string | null;
  holder_institution_id: string | null;
  status: Generated<'active' | 'retired'>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebServicesTable {
  id: string;
  environment: 'test' | 'production';
  identifier: string;
  name: string;
  information_system_id: string;
  institution_id: string;
  protocol: 'soap' | 'rest';
  endpoint_url: string | null;
  entry_version: Generated<number>;
  source_request_id: string | null;
  description: Generated<string>;
  kind: Generated<'synchronous' | 'asynchronous'>;
  service_type: Generated<'integration' | 'business'>;
  auth_level: string | null;
  input_schemas: ColumnType<string[], string | undefined, string>;
  output_schemas: ColumnType<string[], string | undefined, string>;
  hosting: Generated<'agency' | 'institution'>;
  documents: ColumnType<{ name: string; url?: string }[], string | undefined, string>;
  operations: ColumnType<string[], string | undefined, string>;
  status: Generated<'active' | 'deprecated' | 'retired'>;
  deprecation_notice: string | null;
  search_text: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebServiceVersionsTable {
  id: string;
  service_id: string;
  entry_version: number;
  snapshot: Json;
  source: 'create' | 'import' | 'registration' | 'update';
  source_request_id: string | null;
  reason: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface RequestsTable {
  id: string;
  reference: string;
  institution_id: string;
  service_id: string;
  state: string;
  version: Generated<number>;
  contact_name: string;
  contact_email: string;
  contact_phone: string;
  description: string;
  test_period_from: DateOnly | null;
  test_period_to: DateOnly | null;
  used_in_viss_infrastructure: boolean;
  hosted_in_production: boolean;
  correction_rounds: Generated<number>;
  assignee_id: string | null;
  production_service_id: string | null;
  decision_reason: string | null;
  history_seq: Generated<number>;
  history_head: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  submitted_at: Timestamp | null;
  state_changed_at: Timestamp;
  production_endpoint_url: ColumnType<string | null, string | null | undefined, string | null>;
  production_hosting: ColumnType<
    'agency' | 'institution' | null,
    'agency' | 'institution' | null | undefined,
    'agency' | 'institution' | null
  >;
  production_version: ColumnType<string | null, string | null | undefined, string | null>;
  production_registered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  installation_check_url: ColumnType<string | null, string | null | undefined, string | null>;
  installation_confirmed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface RequestCorrectionsTable {
  id: string;
  request_id: string;
  round: number;
  text: string;
  created_by: string;
  created_at: Timestamp;
  resolved_by: string | null;
  resolved_at: Timestamp | null;
  /** The description whose finding this correction was made from; null when written freely. */
  description_id: ColumnType<string | null, string | null | undefined, never>;
}

export interface RequestCorrectionMessagesTable {
  id: string;
  correction_id: string;
  request_id: string;
  author_id: string;
  body: string;
  created_at: Timestamp;
}

export interface RequestHistoryTable {
  id: string;
  request_id: string;
  seq: number;
  actor_id: string;
  actor_role: string;
  action: string;
  from_state: string | null;
  to_state: string | null;
  comment: string | null;
  details: Json;
  visibility: 'all' | 'agency';
  created_at: Timestamp;
  prev_hash: string;
  hash: string;
}

export interface RequestMessagesTable {
  id: string;
  request_id: string;
  author_id: string;
  body: string;
  created_at: Timestamp;
}

export type RequestNotesTable = RequestMessagesTable;

export interface AccountEventsTable {
  id: string;
  /** null: a local operator through the CLI. */
  actor_id: string | null;
  subject_type: 'institution' | 'user' | 'api_token' | 'information_system';
  subject_id: string;
  action: string;
  details: Json;
  created_at: Timestamp;
}

export interface RequestDescriptionsTable {
  id: string;
  request_id: string;
  request_version: number;
  main_file: string;
  format: string;
  protocol: string;
  summary: Json;
  comparison: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  source: Generated<'upload' | 'catalog'>;
  ruleset_version: number | null;
  created_by: string;
  created_at: Timestamp;
}

export interface RequestDescriptionFilesTable {
  description_id: string;
  name: string;
  content: Buffer;
}

export interface RequestFindingsTable {
  id: string;
  description_id: string;
  rule_id: string;
  severity: 'error' | 'warning' | 'info';
  message: ColumnType<{ lv: string; en: string }, string, string>;
  location: ColumnType<{ file: string; line?: number; column?: number; path?: string }, string, string>;
  waived_by: string | null;
  waived_at: Timestamp | null;
  waiver: string | null;
}

export interface CatalogDescriptionsTable {
  id: string;
  service_id: string;
  entry_version: number;
  main_file: string;
  format: string;
  protocol: string;
  source_request_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export type CatalogDescriptionFilesTable = RequestDescriptionFilesTable;

export interface RulesetVersionsTable {
  version: number;
  settings: ColumnType<
    Record<string, { enabled?: boolean; severity?: 'error' | 'warning' | 'info' }>,
    string,
    string
  >;
  reason: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface AuditRecordsTable {
  environment: 'test' | 'production';
  message_id: string;
  transaction_id: string | null;
  correlation_id: string | null;
  sender_type: 'employee' | 'inhabitant' | 'system' | 'legal_entity';
  sender_identifier: string;
  consumer_institution: string;
  consumer_system: string | null;
  /** audit_services.id */
  service_id: number;
  message_type: string | null;
  service_instance_id: string | null;
  operation: string;
  request_in_at: Timestamp;
  request_out_at: Timestamp | null;
  response_in_at: Timestamp | null;
  response_out_at: Timestamp | null;
  duration_ms: number | null;
  request_size: number | null;
  response_size: number | null;
  result: 'success' | 'fault';
  fault_code: string | null;
  fault_severity: string | null;
  fault_text: string | null;
  http_status: number | null;
  end_user_hash: Buffer | null;
  imported_at: Timestamp;
}

export interface AuditServicesTable {
  id: Generated<number>;
  urn: string;
}

export interface RequestAuditAnalysesTable {
  id: string;
  request_id: string;
  request_version: number;
  environment: 'test' | 'production';
  service: string;
  window_from: DateOnly;
  window_to: DateOnly;
  parameters: Json;
  results: Json;
  record_count: number;
  records_sha256: string;
  created_by: string;
  created_at: Timestamp;
  /** The request's latest description when the analysis was made (its declared operations). */
  description_id: ColumnType<string | null, string | null | undefined, never>;
}

export interface ActNumberCountersTable {
  year: number;
  last_value: number;
}

export interface AcceptanceActsTable {
  id: string;
  request_id: string;
  number: string;
  version: number;
  language: 'lv' | 'en';
  request_version: number;
  data: Json;
  file_name: string;
  pdf: Buffer;
  sha256: string;
  issued_by: string;
  issued_at: Timestamp;
  superseded_by: string | null;
}

export interface ActContainersTable {
  id: string;
  act_id: string;
  request_id: string;
  source: 'issued' | 'uploaded';
  container: Buffer;
  sha256: string;
  report: Json;
  valid: boolean;
  complete: boolean;
  created_by: string;
  created_at: Timestamp;
}

export interface ActSignaturesTable {
  container_id: string;
  file: string;
  party: 'agency' | 'institution' | null;
  signer_name: string;
  signer_subject: string;
  certificate_sha256: string;
  signing_time: Timestamp | null;
  valid: boolean;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface OutboxMessagesTable {
  id: string;
  idempotency_key: string;
  recipient: string;
  language: 'lv' | 'en';
  template: string;
  subject: string;
  text_body: string;
  html_body: string;
  request_id: string | null;
  consultation_id: string | null;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  transport: 'smtp' | 'dev-mailbox' | null;
  transport_message_id: string | null;
  sent_at: Timestamp | null;
  created_at: Timestamp;
  /** What a reply to this mail reaches: the transport signs it into the Reply-To address. */
  reply_kind: ColumnType<ReplyKind | null, ReplyKind | null | undefined, never>;
  reply_target_id: ColumnType<string | null, string | null | undefined, never>;
}

export type ReplyKind = 'request' | 'consultation';

/** Append-only: who did what to an outbox message by hand, and why (e.g. an admin's retry). */
export interface OutboxMessageEventsTable {
  id: string;
  outbox_message_id: string;
  actor_id: string | null;
  action: string;
  reason: string | null;
  details: Json;
  created_at: Timestamp;
}

export type InboundMailStatus = 'received' | 'delivered' | 'quarantined' | 'released' | 'rejected';
export type InboundRoutedKind = 'request_message' | 'consultation' | 'consultation_message';

export interface InboundMailsTable {
  id: string;
  received_at: Timestamp;
  envelope_from: string | null;
  envelope_to: ColumnType<string[], string, never>;
  remote_address: string;
  from_address: string | null;
  from_header: string | null;
  subject: string | null;
  message_id: string | null;
  size_bytes: number;
  sha256: string;
  raw: ColumnType<Buffer, Buffer, never>;
  text_body: string | null;
  html_body: string | null;
  status: Generated<InboundMailStatus>;
  reason: string | null;
  reason_detail: string | null;
  token_kind: ReplyKind | null;
  token_target_id: string | null;
  sender_user_id: string | null;
  routed_kind: InboundRoutedKind | null;
  routed_id: string | null;
  routed_target_id: string | null;
  version: Generated<number>;
  updated_at: Timestamp;
}

export interface InboundMailAttachmentsTable {
  id: string;
  inbound_mail_id: string;
  position: number;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  is_allowed: boolean;
  content: Buffer;
}

/** Append-only: every status change of an inbound mail, by the receiver (actor null) or an agency user. */
export interface InboundMailEventsTable {
  id: string;
  inbound_mail_id: string;
  actor_id: string | null;
  action: string;
  from_status: InboundMailStatus | null;
  to_status: InboundMailStatus;
  reason: string | null;
  comment: string | null;
  details: Json;
  created_at: Timestamp;
}

export type ConsultationStatus = 'open' | 'answered' | 'closed';
export type ConsultationSource = 'web' | 'email';
export type ConsultationParty = 'institution' | 'agency';

export interface ConsultationsTable {
  id: string;
  number: Generated<number>;
  institution_id: string;
  opened_by: string;
  subject: string;
  category: string;
  status: ConsultationStatus;
  reply_by: Timestamp | null;
  version: Generated<number>;
  source: ConsultationSource;
  last_message_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ConsultationMessagesTable {
  id: string;
  consultation_id: string;
  author_id: string;
  author_party: ConsultationParty;
  body: string;
  source: ConsultationSource;
  inbound_mail_id: string | null;
  created_at: Timestamp;
}

export interface ConsultationAttachmentsTable {
  id: string;
  consultation_id: string;
  message_id: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  content: Buffer;
  created_at: Timestamp;
}

export interface ConsultationEventsTable {
  id: string;
  consultation_id: string;
  actor_id: string;
  actor_role: string;
  action: string;
  from_status: ConsultationStatus | null;
  to_status: ConsultationStatus | null;
  details: Json;
  created_at: Timestamp;
}

/** The register of representatives: who may sign acts for an institution (never the personal code). */
export interface RepresentativesTable {
  id: string;
  institution_id: string;
  /** HMAC-SHA-256 of the normalised personal code under the representatives' secret (32 bytes). */
  personal_code_hash: Buffer;
  masked_code: string;
  name: string;
  position: string | null;
  valid_from: Timestamp;
  /** Exclusive end; null while the representation lasts. */
  valid_to: Timestamp | null;
  version: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_by: string | null;
  updated_at: Timestamp;
}

export type RepresentativeAction = 'create' | 'update' | 'end';

export interface RepresentativeEventsTable {
  id: string;
  representative_id: string;
  institution_id: string;
  actor_id: string | null;
  action: RepresentativeAction;
  reason: string | null;
  changes: Json;
  version: number;
  created_at: Timestamp;
}

/** A trusted list (ETSI TS 119 612) exactly as loaded; rows never change (trigger). */
export interface TrustListsTable {
  id: string;
  territory: string;
  sequence_number: number;
  list_type: string;
  operator: string;
  issued_at: Timestamp;
  next_update: Timestamp | null;
  sha256: string;
  xml: Buffer;
  signature_status: 'valid' | 'not_checked';
  signer_subject: string | null;
  source: 'upload' | 'configuration';
  loaded_by: string | null;
  loaded_at: Timestamp;
}

export type TrustListAction = 'loaded' | 'removed';

export interface TrustListEventsTable {
  id: string;
  trust_list_id: string;
  action: TrustListAction;
  actor_id: string | null;
  reason: string | null;
  details: Json;
  created_at: Timestamp;
}

export type CalendarDayKind = 'working_day' | 'holiday';

/** An admin's change to the working-day calendar: a moved working day or an extra holiday. */
export interface CalendarDaysTable {
  day: DateOnly;
  kind: CalendarDayKind;
  reason: string;
  created_by: string;
  created_at: Timestamp;
}

export interface CalendarDayEventsTable {
  id: string;
  day: DateOnly;
  kind: CalendarDayKind;
  action: 'added' | 'removed';
  reason: string;
  actor_id: string;
  created_at: Timestamp;
}

/** An admin's override of a step's default deadline (working days). */
export interface StepDeadlinesTable {
  state: string;
  working_days: number;
  updated_by: string;
  updated_at: Timestamp;
}

export interface Database {
  calendar_days: CalendarDaysTable;
  calendar_day_events: CalendarDayEventsTable;
  step_deadlines: StepDeadlinesTable;
  trust_lists: TrustListsTable;
  trust_list_events: TrustListEventsTable;
  representatives: RepresentativesTable;
  representative_events: RepresentativeEventsTable;
  inbound_mails: InboundMailsTable;
  inbound_mail_attachments: InboundMailAttachmentsTable;
  inbound_mail_events: InboundMailEventsTable;
  outbox_message_events: OutboxMessageEventsTable;
  consultations: ConsultationsTable;
  consultation_messages: ConsultationMessagesTable;
  consultation_attachments: ConsultationAttachmentsTable;
  consultation_events: ConsultationEventsTable;
  outbox_messages: OutboxMessagesTable;
  act_number_counters: ActNumberCountersTable;
  acceptance_acts: AcceptanceActsTable;
  act_containers: ActContainersTable;
  act_signatures: ActSignaturesTable;
  ruleset_versions: RulesetVersionsTable;
  catalog_descriptions: CatalogDescriptionsTable;
  catalog_description_files: CatalogDescriptionFilesTable;
  audit_records: AuditRecordsTable;
  audit_services: AuditServicesTable;
  request_audit_analyses: RequestAuditAnalysesTable;
  request_descriptions: RequestDescriptionsTable;
  request_description_files: RequestDescriptionFilesTable;
  request_findings: RequestFindingsTable;
  account_events: AccountEventsTable;
  institutions: InstitutionsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  information_systems: InformationSystemsTable;
  web_services: WebServicesTable;
  web_service_versions: WebServiceVersionsTable;
  requests: RequestsTable;
  request_corrections: RequestCorrectionsTable;
  request_correction_messages: RequestCorrectionMessagesTable;
  request_history: RequestHistoryTable;
  request_messages: RequestMessagesTable;
  request_notes: RequestNotesTable;
}

export type RequestRow = Selectable<RequestsTable>;
export type NewRequestRow = Insertable<RequestsTable>;
export type UserRow = Selectable<UsersTable>;
export type HistoryRow = Selectable<RequestHistoryTable>;
