export { PlanView, planVersion, type PlanViewProps } from "./plan-view";
