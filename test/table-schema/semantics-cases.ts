import type { Schema } from '../../packages/core/src/schema/model.ts'

/** A dataset to validate: its CSV files (shards of one dataset) and its schema. */
export interface TableCase {
  id: string
  schema: Schema
  files: string[]
}

const ab: Schema = {
  fields: [
    { name: 'a', type: 'integer' },
    { name: 'b', type: 'integer' },
  ],
}
const selfKey: Schema = {
  fields: [
    { name: 'id', type: 'integer' },
    { name: 'parent', type: 'integer' },
  ],
  foreignKeys: [{ fields: 'parent', reference: { resource: '', fields: 'id' } }],
}
const uniqueKey: Schema = { fields: [{ name: 'id', type: 'integer', constraints: { unique: true } }, { name: 'v' }], primaryKey: 'id' }
const withNA: Schema = { ...ab, missingValues: ['', 'NA'] }

/**
 * The error-semantics cases (packages/core/docs/validation.md, "Error semantics" and "Foreign keys"),
 * run through both paths of validate-data by the differential test: label errors and their companion
 * row errors, trimmed labels, blank rows, unique and primary keys, foreign keys.
 */
export const SEMANTIC_CASES: TableCase[] = [
  { id: 'labels-clean', schema: ab, files: ['a,b\n1,2\n3,4\n'] },
  { id: 'labels-trimmed', schema: ab, files: ['a , b\n1,2\n3,4\n'] },
  { id: 'labels-extra-column', schema: ab, files: ['a,b,c\n1,2,3\n4,5\n'] },
  { id: 'labels-missing-column', schema: { fields: [...ab.fields, { name: 'c', constraints: { required: true } }] }, files: ['a,b\n1,2\n3,4\n'] },
  { id: 'labels-missing-optional', schema: { fields: [...ab.fields, { name: 'c' }] }, files: ['a,b\n1,2\n'] },
  { id: 'labels-subset', schema: { fields: [...ab.fields, { name: 'c' }], columns: 'subset' }, files: ['a,b\n1,2\n'] },
  { id: 'labels-superset', schema: { ...ab, columns: 'superset' }, files: ['a,b,x\n1,2,y\n3,4,z\n'] },
  { id: 'labels-duplicate', schema: ab, files: ['a,a,b\n1,2,3\n'] },
  { id: 'labels-blank', schema: ab, files: ['a, ,b\n1,2,3\n'] },
  { id: 'labels-shards-differ', schema: ab, files: ['a,b\n1,2\n', 'b,a\n3,4\n', 'a\n5\n'] },
  { id: 'blank-row-empty', schema: ab, files: ['a,b\n1,2\n,\n3,4\n'] },
  { id: 'blank-row-missing-values', schema: withNA, files: ['a,b\n1,NA\nNA,NA\n3,4\n'] },
  { id: 'blank-row-missing-values-none', schema: withNA, files: ['a,b\n1,NA\nNA,2\n3,4\n'] },
  { id: 'blank-row-past-header', schema: ab, files: ['a,b\n1,2\n,,7\n'] },
  { id: 'blank-row-no-schema', schema: { fields: [] }, files: ['a,b\n1,2\n,\n'] },
  { id: 'blank-row-required', schema: { fields: [{ name: 'a', type: 'integer', constraints: { required: true } }, { name: 'b' }] }, files: ['a,b\n1,2\n,\n'] },
  { id: 'unique-primary-key-clean', schema: uniqueKey, files: ['id,v\n1,a\n2,b\n3,c\n'] },
  { id: 'unique-primary-key-repeat', schema: uniqueKey, files: ['id,v\n1,a\n2,b\n1,c\n'] },
  { id: 'primary-key-across-shards', schema: { ...uniqueKey, fields: [{ name: 'id', type: 'integer' }, { name: 'v' }] }, files: ['id,v\n1,a\n', 'id,v\n1,b\n'] },
  { id: 'foreign-key-clean', schema: selfKey, files: ['id,parent\n1,\n2,1\n3,2\n'] },
  { id: 'foreign-key-broken', schema: selfKey, files: ['id,parent\n1,\n2,1\n3,9\n'] },
  { id: 'foreign-key-across-shards', schema: selfKey, files: ['id,parent\n1,3\n', 'id,parent\n3,1\n4,5\n'] },
  {
    id: 'foreign-key-compound',
    schema: {
      fields: [{ name: 'a' }, { name: 'b', type: 'integer' }, { name: 'pa' }, { name: 'pb', type: 'integer' }],
      foreignKeys: [{ fields: ['pa', 'pb'], reference: { resource: '', fields: ['a', 'b'] } }],
    },
    files: ['a,b,pa,pb\nx,1,,\ny,2,x,01\nz,3,y,3\n'],
  },
]
