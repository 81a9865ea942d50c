// Types for "breathflow/element": the <breath-flow> custom element. Importing the module defines
// the element (a side effect); the class and define() are exported too.
import type { BreathFlow, BreathFlowEvents, ConditionName } from "./pkg/breathflow.js";

/**
 * The element's attributes (all strings, as in HTML). The element reads them, checks them and
 * rebuilds the widget when one changes; bad values show a message in its `error` part and a
 * console.error. Boolean attributes are on when present with any value but "false".
 */
export interface BreathFlowElementAttributes {
  /** A library pattern id ("ujjayi"), a shorthand ("4-7-8") or a pattern as JSON. */
  pattern?: string;
  /** A library flow id ("mobilize-ribs") or a flow as JSON (instead of `pattern`). */
  flow?: string;
  /** Number of breaths. */
  breaths?: string;
  /** Length in seconds (instead of `breaths`). */
  seconds?: string;
  /** Conditions to adapt a flow for, comma- or space-separated ("eye-condition, high-blood-pressure"). */
  conditions?: string;
  /** Soft tones at each phase. */
  sound?: string;
  /** Start as soon as the widget is ready. */
  autostart?: string;
  /** Load the engine at once instead of when the element nears the viewport. */
  eager?: string;
  /** Width in CSS px. */
  size?: string;
}

/** The `breathflow:<type>` events that bubble out of the element, with their detail. */
export type BreathFlowElementEventMap = {
  [K in keyof BreathFlowEvents as `breathflow:${K}`]: CustomEvent<BreathFlowEvents[K]>;
};

export declare class BreathFlowElement extends HTMLElement {
  static readonly observedAttributes: string[];
  /**
   * The underlying BreathFlow, or null until it is ready (or after an error). Reading it asks the
   * element to load its engine.
   */
  readonly breathFlow: BreathFlow | null;
  /** Resolves to the underlying BreathFlow once it is ready (asking loads the engine). */
  readonly ready: Promise<BreathFlow>;
  /** Start, pause or resume, as the play button does. */
  toggle(): void;
  /** Stop and start again from the beginning. */
  restart(): void;

  addEventListener<K extends keyof BreathFlowElementEventMap>(
    type: K,
    listener: (this: BreathFlowElement, ev: BreathFlowElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: BreathFlowElement, ev: HTMLElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

/** Define the element under `tag` (default "breath-flow"); calling it again is harmless. */
export declare function define(tag?: string, registry?: CustomElementRegistry): void;

export type { ConditionName };

declare global {
  interface HTMLElementTagNameMap {
    "breath-flow": BreathFlowElement;
  }
}
