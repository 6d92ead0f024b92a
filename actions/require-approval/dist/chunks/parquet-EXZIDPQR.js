import { createRequire as __mlgateCreateRequire } from 'node:module';
const require = __mlgateCreateRequire(import.meta.url);
import{parquetFile,readParquetRows}from"./chunk-YPFR4UIN.js";import"./chunk-4LMY47AV.js";import"./chunk-C4L2IRCT.js";import"./chunk-TECBWHQL.js";export{parquetFile,readParquetRows};
