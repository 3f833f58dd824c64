//! Helpers for checks about replicas, probes, disruption budgets, autoscalers and rollout settings.
