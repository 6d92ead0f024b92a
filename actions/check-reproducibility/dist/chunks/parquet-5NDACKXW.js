import { createRequire as __mlgateCreateRequire } from 'node:module';
const require = __mlgateCreateRequire(import.meta.url);
import{parquetFile,readParquetRows}from"./chunk-QQGGTMSR.js";import"./chunk-NK7EG6PO.js";import"./chunk-NPEPXX4W.js";import"./chunk-ETZ3DGXQ.js";import"./chunk-TECBWHQL.js";export{parquetFile,readParquetRows};
