/**
 * The structure of GeoJSON (RFC 7946) and TopoJSON objects, as a geojson field's `default` and
 * `topojson` formats require: the member types each object must have, not the geometry's validity
 * (ring orientation, self-intersection).
 */

const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v)
const isPosition = (v: unknown) => Array.isArray(v) && v.length >= 2 && v.every(isNumber)
const arrayOf = (v: unknown, item: (x: unknown) => boolean, min = 0) => Array.isArray(v) && v.length >= min && v.every(item)
const isLine = (v: unknown) => arrayOf(v, isPosition, 2)
const isRing = (v: unknown) => arrayOf(v, isPosition, 4)
const isPolygon = (v: unknown) => arrayOf(v, isRing)

/** The coordinates each geometry type has. */
const COORDINATES: Record<string, (v: unknown) => boolean> = {
  Point: isPosition,
  MultiPoint: (v) => arrayOf(v, isPosition),
  LineString: isLine,
  MultiLineString: (v) => arrayOf(v, isLine),
  Polygon: isPolygon,
  MultiPolygon: (v) => arrayOf(v, isPolygon),
}

type Json = Record<string, unknown>
const isMember = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v)
const hasBbox = (o: Json) => o.bbox === undefined || arrayOf(o.bbox, isNumber, 4)

function isGeometry(v: unknown): boolean {
  if (!isMember(v) || typeof v.type !== 'string' || !hasBbox(v)) return false
  if (v.type === 'GeometryCollection') return arrayOf(v.geometries, isGeometry)
  return Object.hasOwn(COORDINATES, v.type) && COORDINATES[v.type](v.coordinates)
}

function isFeature(v: unknown): boolean {
  if (!isMember(v) || v.type !== 'Feature' || !hasBbox(v)) return false
  const id = v.id === undefined || typeof v.id === 'string' || typeof v.id === 'number'
  return id && (v.geometry === null || isGeometry(v.geometry)) && (v.properties === null || isMember(v.properties))
}

/** Whether a value is a GeoJSON object: a geometry, a Feature or a FeatureCollection. */
export function isGeoJson(v: unknown): boolean {
  if (isMember(v) && v.type === 'FeatureCollection') return hasBbox(v) && arrayOf(v.features, isFeature)
  return isFeature(v) || isGeometry(v)
}

/** Whether a value is a TopoJSON topology: type Topology with objects and arcs. */
export function isTopoJson(v: unknown): boolean {
  return isMember(v) && v.type === 'Topology' && isMember(v.objects) && Array.isArray(v.arcs) && (v.transform === undefined || isMember(v.transform))
}
