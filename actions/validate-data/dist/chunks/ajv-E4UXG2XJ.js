import { createRequire as __mlgateCreateRequire } from 'node:module';
const require = __mlgateCreateRequire(import.meta.url);
import{require_ajv}from"./chunk-LLTLD5LF.js";import"./chunk-TECBWHQL.js";export default require_ajv();
