import { createRequire as __mlgateCreateRequire } from 'node:module';
const require = __mlgateCreateRequire(import.meta.url);
import{parquetFile,readParquetRows}from"./chunk-SBXIENR5.js";import"./chunk-DGSITFP6.js";import"./chunk-C4L2IRCT.js";import"./chunk-TECBWHQL.js";export{parquetFile,readParquetRows};
