import { createRequire as __mlgateCreateRequire } from 'node:module';
const require = __mlgateCreateRequire(import.meta.url);
import{context,getOctokit}from"./chunk-MN6WDRXT.js";import"./chunk-QWBHZZ3B.js";export{context,getOctokit};
