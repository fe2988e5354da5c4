/**
 * Mirror rules: an upstream repository, a tag filter (regex) and an interval, created through
 * {@code /api/v1/mirrors}, stored in {@code sync.mirror_rule}, and run by a scheduler that pulls only tags whose
 * upstream digest ({@code HEAD}) changed since the last run.
 */
package dev.slipway.sync.mirror;
