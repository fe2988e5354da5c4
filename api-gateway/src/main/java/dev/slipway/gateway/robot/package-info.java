/**
 * Robot accounts: named, non-human registry credentials limited to repository patterns and actions, with an expiry,
 * accepted only by the registry token endpoint. {@link dev.slipway.gateway.robot.RobotService} is the facade;
 * {@code SystemRobots} ensures the farm's own robots (build-worker, registry-sync) at start.
 */
package dev.slipway.gateway.robot;
