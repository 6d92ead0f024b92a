import { createRequire as __mlgateCreateRequire } from 'node:module';
const require = __mlgateCreateRequire(import.meta.url);
import{absolutePath,detectFormat,expandPaths,firstInvalidUtf8,readBytes,readText,resolveSources}from"./chunk-NPEPXX4W.js";import"./chunk-ETZ3DGXQ.js";import"./chunk-TECBWHQL.js";export{absolutePath,detectFormat,expandPaths,firstInvalidUtf8,readBytes,readText,resolveSources};
