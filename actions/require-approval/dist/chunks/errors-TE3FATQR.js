import { createRequire as __mlgateCreateRequire } from 'node:module';
const require = __mlgateCreateRequire(import.meta.url);
import{ConfigurationError,TroubleError,assertNever,fileError,isConfigurationError,wrapError}from"./chunk-ETZ3DGXQ.js";import"./chunk-TECBWHQL.js";export{ConfigurationError,TroubleError,assertNever,fileError,isConfigurationError,wrapError};
