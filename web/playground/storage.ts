/**
 * GraphiQL's storage (tabs, query, variables, history, theme) on localStorage — never the API key,
 * which stays in sessionStorage (main.tsx).
 *
 * One fix on top: GraphiQL 3.8 fills the variables editor on load only from its own "variables"
 * entry, not from the active tab, so `defaultTabs[0].variables` never showed up and a tab's
 * variables were lost on reload when that entry was missing. When it is missing, this returns the
 * active stored tab's variables, or the default ones on a first visit.
 */
import type { Storage as GraphiQLStorage } from "@graphiql/toolkit";

const NAMESPACE = "graphiql:";
const VARIABLES = `${NAMESPACE}variables`;
const TAB_STATE = `${NAMESPACE}tabState`;

function activeTabVariables(rawTabState: string | null, defaultVariables: string): string | null {
  if (rawTabState === null) return defaultVariables;
  try {
    const state = JSON.parse(rawTabState) as { activeTabIndex?: unknown; tabs?: unknown };
    if (!Array.isArray(state.tabs) || typeof state.activeTabIndex !== "number") return null;
    const tab = state.tabs[state.activeTabIndex] as { variables?: unknown } | undefined;
    return typeof tab?.variables === "string" ? tab.variables : null;
  } catch {
    return null;
  }
}

/** An in-memory stand-in when the browser refuses localStorage: nothing persists. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
    key: (index) => [...items.keys()][index] ?? null,
    get length() {
      return items.size;
    },
  };
}

/** GraphiQL's storage: localStorage (in memory when the browser refuses it). */
export function playgroundStorage(defaultVariables: string): GraphiQLStorage {
  let local: Storage;
  try {
    local = window.localStorage;
    void local.length;
  } catch {
    local = memoryStorage();
  }
  const ownKeys = (): string[] => {
    const keys: string[] = [];
    for (let i = 0; i < local.length; i++) {
      const key = local.key(i);
      if (key?.startsWith(NAMESPACE)) keys.push(key);
    }
    return keys;
  };
  return {
    getItem(key) {
      const value = local.getItem(key);
      if (value !== null || key !== VARIABLES) return value;
      return activeTabVariables(local.getItem(TAB_STATE), defaultVariables);
    },
    setItem(key, value) {
      local.setItem(key, value);
    },
    removeItem(key) {
      local.removeItem(key);
    },
    clear() {
      for (const key of ownKeys()) local.removeItem(key);
    },
    get length() {
      return ownKeys().length;
    },
  };
}
