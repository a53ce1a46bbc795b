export { createSurveys, checkAnswers, checkQuestions, percent, QUESTION_KINDS, type Surveys, type SurveyDeps, type Question, type Answers } from './surveys.service';
export { registerSurveyRoutes } from './surveys.routes';
export { seedSurveyDemo } from './surveys.seed';
export { surveyResilienceFigures } from './surveys.resilience';
