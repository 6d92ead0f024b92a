import { createRequire as __mlgateCreateRequire } from 'node:module';
const require = __mlgateCreateRequire(import.meta.url);
import{parquetFile,readParquetRows}from"./chunk-IRWJENDM.js";import"./chunk-J7LTL73D.js";import"./chunk-5HYZWNZE.js";import"./chunk-TECBWHQL.js";export{parquetFile,readParquetRows};
