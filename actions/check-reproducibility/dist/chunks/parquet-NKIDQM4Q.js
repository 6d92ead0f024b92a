import { createRequire as __mlgateCreateRequire } from 'node:module';
const require = __mlgateCreateRequire(import.meta.url);
import{parquetFile,readParquetRows}from"./chunk-J4AHPJZL.js";import"./chunk-AVR3YCDS.js";import"./chunk-CQLLSGCW.js";import"./chunk-TECBWHQL.js";export{parquetFile,readParquetRows};
