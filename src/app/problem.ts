export { type Problem, problemFor, sendProblem } from '../web/problem.ts';
