// Threads started early are the worker runtime's (worker/threads.ts); validate/fast/scan.ts still ships its worker as text through this door.
export { codeThread } from '../../worker/threads.ts'
