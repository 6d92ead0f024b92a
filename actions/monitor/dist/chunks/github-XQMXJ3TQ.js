import { createRequire as __mlgateCreateRequire } from 'node:module';
const require = __mlgateCreateRequire(import.meta.url);
import{context,getOctokit}from"./chunk-OT664NHN.js";import"./chunk-URFU2FNM.js";import"./chunk-TECBWHQL.js";export{context,getOctokit};
