package dev.slipway.sync.search;

/**
 * One row of {@code docker search}: NAME, DESCRIPTION, STARS, OFFICIAL, AUTOMATED.
 *
 * @param name the repository as docker shows it ({@code centos}, {@code training/sinatra})
 * @param description the short description, empty when unknown
 * @param stars the upstream's star count, 0 for repositories only the farm has
 * @param official whether it is an official image
 * @param automated whether it is an automated build
 */
public record SearchResult(String name, String description, int stars, boolean official, boolean automated) { }
