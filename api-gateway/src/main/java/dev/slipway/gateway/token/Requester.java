package dev.slipway.gateway.token;

import dev.slipway.gateway.robot.RobotAccount;
import dev.slipway.gateway.tenant.Caller;

/** Who asks the token endpoint for a token: a user, a robot or nobody. */
sealed interface Requester {

    /** @return the JWT {@code sub} */
    String subject();

    /**
     * A user, authenticated by one of its API tokens.
     *
     * @param caller the user
     */
    record User(Caller caller) implements Requester {
        @Override
        public String subject() {
            return caller.name();
        }
    }

    /**
     * A robot, authenticated by its token.
     *
     * @param robot the robot
     */
    record Robot(RobotAccount robot) implements Requester {
        @Override
        public String subject() {
            return robot.name().value();
        }
    }

    /** No credentials: only public repositories may be pulled. */
    record Anonymous() implements Requester {
        @Override
        public String subject() {
            return "anonymous";
        }
    }

    /**
     * The gateway itself, for its own calls to the layer-store: granted whatever it asks.
     */
    record Gateway() implements Requester {
        @Override
        public String subject() {
            return "slipway-gateway";
        }
    }
}
