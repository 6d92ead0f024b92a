import { createRequire as __mlgateCreateRequire } from 'node:module';
const require = __mlgateCreateRequire(import.meta.url);
import{statSync}from"node:fs";import{availableParallelism}from"node:os";import{Worker}from"node:worker_threads";var EARLY_SOURCE=`
const threads = require('node:worker_threads')
threads.parentPort.once('message', ({ source, workerData }) => {
  const load = (id) => (id === 'node:worker_threads' ? { ...threads, workerData } : require(id))
  new Function('require', source)(load)
})
`,KEY=Symbol.for("mlgate.early-threads");function startEarlyThreads(count=Math.min(availableParallelism(),4)){let started=globalThis[KEY]??=[];for(let i=started.length;i<count;i++){let w=new Worker(EARLY_SOURCE,{eval:!0});w.unref(),w.on("error",()=>{}),w.once("exit",()=>{let i2=started.indexOf(w);i2>=0&&started.splice(i2,1)}),started.push(w)}}var DATA_OPTIONS={"detect-drift":["reference","current"],"validate-data":["data"]};function startThreadsForLargeInputs(argv){let[command,...rest]=argv,options=DATA_OPTIONS[command];if(!options||rest.includes("--help")||rest.includes("-h"))return;let bytes=0;for(let i=0;i<rest.length;i++){let eq=rest[i].indexOf("="),name=rest[i].startsWith("--")?rest[i].slice(2,eq>0?eq:void 0):"";if(!options.includes(name))continue;let path=eq>0?rest[i].slice(eq+1):rest[i+1];if(!path||!/\.(csv|tsv)$/i.test(path))return;try{bytes+=statSync(path).size}catch{return}}bytes>=8388608&&startEarlyThreads()}export{startThreadsForLargeInputs};
