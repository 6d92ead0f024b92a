import { createRequire as __mlgateCreateRequire } from 'node:module';
const require = __mlgateCreateRequire(import.meta.url);
import{parquetFile,readParquetRows}from"./chunk-SLE4UJXE.js";import"./chunk-SU2GAQCU.js";import"./chunk-C4L2IRCT.js";import"./chunk-TECBWHQL.js";export{parquetFile,readParquetRows};
