export { FIELD_REGISTRY, TECHNICAL_TABLES, encryptedColumns, fieldPolicy, type FieldPolicy, type FieldClass, type MaskRule } from './field-registry';
export { listSchemaColumns } from './schema-columns';
