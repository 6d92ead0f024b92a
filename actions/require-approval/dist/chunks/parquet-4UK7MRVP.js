import { createRequire as __mlgateCreateRequire } from 'node:module';
const require = __mlgateCreateRequire(import.meta.url);
import{parquetFile,readParquetRows}from"./chunk-GIUBTB57.js";import"./chunk-XDZPN6DL.js";import"./chunk-C4L2IRCT.js";import"./chunk-TECBWHQL.js";export{parquetFile,readParquetRows};
