/**
 * Which scenario a new call plays: a createCall whose target is a scenario's customer plays that scenario; anything
 * else takes the next one in turn, so a stream of calls walks the whole library.
 */
import type { Scenario } from './scenarios/scenario-schema';

export class ScenarioPicker {
  private cursor = 0;

  constructor(private readonly scenarios: readonly Scenario[]) {
    if (scenarios.length === 0) throw new Error('the ACS emulator needs at least one scenario');
  }

  next(): Scenario {
    const scenario = this.scenarios[this.cursor % this.scenarios.length];
    this.cursor += 1;
    if (!scenario) throw new Error('scenario list is empty');
    return scenario;
  }

  /** The scenario whose customer is one of `rawIds`, else the next in turn. */
  forTargets(rawIds: readonly string[]): Scenario {
    const matching = this.scenarios.find((scenario) =>
      Object.values(scenario.participants).some((participant) => participant.role === 'customer' && rawIds.includes(participant.rawId)),
    );
    return matching ?? this.next();
  }

  byId(id: string): Scenario | undefined {
    return this.scenarios.find((scenario) => scenario.id === id);
  }

  get ids(): string[] {
    return this.scenarios.map((scenario) => scenario.id);
  }
}
