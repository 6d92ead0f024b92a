import { createRequire as __mlgateCreateRequire } from 'node:module';
const require = __mlgateCreateRequire(import.meta.url);
import{parquetFile,readParquetRows}from"./chunk-BNHAYRXL.js";import"./chunk-5ZDXYGUO.js";import"./chunk-Q3W634AZ.js";import"./chunk-TECBWHQL.js";export{parquetFile,readParquetRows};
