package dev.slipway.gateway.robot;

import dev.slipway.gateway.error.ApiException;
import dev.slipway.gateway.error.ErrorCode;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A robot account's full name: {@code robot$<owner>+<name>} for a user's robot, {@code robot$<name>} for one an
 * administrator made without owner (such as the system robots {@code robot$build-worker}). The {@code $} keeps robot
 * names apart from user names, which cannot contain it.
 *
 * @param value the validated full name
 */
public record RobotName(String value) {

    /** What every robot name starts with. */
    public static final String PREFIX = "robot$";

    private static final String OWNER = "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*";
    private static final String SHORT = "[a-z0-9]+(?:[._-][a-z0-9]+)*";
    private static final Pattern SHORT_NAME = Pattern.compile(SHORT);
    private static final Pattern FULL = Pattern.compile("robot\\$(?:(" + OWNER + ")\\+)?(" + SHORT + ")");
    private static final int MAX = 140;

    /** Validates; throws {@link ApiException} ({@code invalid-robot-name}) naming the rule broken. */
    public RobotName {
        if (value == null || value.length() > MAX || !FULL.matcher(value).matches()) {
            throw new ApiException(ErrorCode.INVALID_ROBOT_NAME, "robot name \"" + value + "\" must be robot$<owner>+<name>"
                    + " or robot$<name>, <name> of lowercase letters and digits separated by '.', '_' or '-', at most "
                    + MAX + " characters");
        }
    }

    /**
     * @param owner     the user the robot belongs to
     * @param shortName the name the user chose, e.g. {@code ci}
     * @return {@code robot$<owner>+<shortName>}
     */
    public static RobotName of(String owner, String shortName) {
        if (shortName == null || !SHORT_NAME.matcher(shortName).matches()) {
            throw new ApiException(ErrorCode.INVALID_ROBOT_NAME, "robot name \"" + shortName
                    + "\" must be lowercase letters and digits separated by '.', '_' or '-'");
        }
        return new RobotName(PREFIX + owner + "+" + shortName);
    }

    /** @return the user in {@code robot$<owner>+<name>}; empty for an owner-less robot */
    public Optional<String> owner() {
        Matcher m = FULL.matcher(value);
        m.matches();
        return Optional.ofNullable(m.group(1));
    }

    /** @return whether {@code text} looks like a robot name (as opposed to a user name) */
    public static boolean isRobot(String text) {
        return text != null && text.startsWith(PREFIX);
    }

    @Override
    public String toString() {
        return value;
    }
}
