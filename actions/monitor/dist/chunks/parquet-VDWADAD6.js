import { createRequire as __mlgateCreateRequire } from 'node:module';
const require = __mlgateCreateRequire(import.meta.url);
import{parquetFile,readParquetRows}from"./chunk-TJGMP74B.js";import"./chunk-2ZZLWY63.js";import"./chunk-QNJSZHZN.js";import"./chunk-5HYZWNZE.js";import"./chunk-TECBWHQL.js";export{parquetFile,readParquetRows};
