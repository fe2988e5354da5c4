/**
 * Checks for {@code deploy/k8s}: renders the kustomize overlays ({@link Kustomize}), reads them
 * ({@link RenderedManifests}) and reports every problem ({@link ManifestCheck}) — a field the Kubernetes, Strimzi or
 * CRD model does not know, and any disagreement with what the services actually read ({@link ServiceFacts}): ports,
 * probes, environment variables, Kafka topics and consumer groups, the network rules the farm promises, and the
 * service images Jib builds ({@link PushedImages}).
 */
package dev.slipway.deploy.check;
