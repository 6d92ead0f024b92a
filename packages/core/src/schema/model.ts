/** Table Schema field types (Frictionless), as mlgate reads them. */
export const FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'date', 'datetime', 'time', 'year', 'yearmonth', 'duration', 'object', 'array', 'geopoint', 'geojson', 'any', 'list'] as const
export type FieldType = (typeof FIELD_TYPES)[number]

export interface Range {
  min?: number
  max?: number
}

export interface Constraints {
  required?: boolean
  unique?: boolean
  minimum?: number | string
  maximum?: number | string
  minLength?: number
  maxLength?: number
  pattern?: string
  enum?: unknown[]
}

/** mlgate's dataset-level expectations for one field (Great Expectations style). */
export interface FieldQuality {
  nullShare?: { max?: number }
  distinct?: Range
  mean?: Range
  median?: Range
  min?: Range
  max?: Range
  stdev?: Range
  /** Keys are quantiles as text, e.g. "0.95". */
  quantiles?: Record<string, Range>
}

export interface Field {
  name: string
  type?: FieldType
  format?: string
  title?: string
  description?: string
  constraints?: Constraints
  quality?: FieldQuality
  trueValues?: string[]
  falseValues?: string[]
  missingValues?: string[]
  example?: unknown
  rdfType?: string
  bareNumber?: boolean
  decimalChar?: string
  groupChar?: string
  /** list (Table Schema v2): the type of its items and the text between them. */
  itemType?: 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'time'
  delimiter?: string
  /** array: the field every item is cast as (type, format and their options; no constraints). */
  arrayItem?: Omit<Field, 'name'> & { name?: string }
}

export type ColumnPolicy = 'exact' | 'subset' | 'superset'

export interface Schema {
  fields: Field[]
  missingValues?: string[]
  primaryKey?: string | string[]
  foreignKeys?: unknown[]
  /** exact: the data has exactly these columns; subset: it may lack optional ones; superset: it may have more. */
  columns?: ColumnPolicy
  rows?: Range
  title?: string
  description?: string
}
