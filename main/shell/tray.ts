/**
 * The tray icon. Electron's Tray, Menu and nativeImage come in as deps (tests pass FakeTray etc.).
 * The Tray object is held by the returned controller for the app's whole life: a Tray that is
 * only referenced from a local variable is garbage-collected and silently vanishes.
 */
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import {
  buildTrayMenu,
  trayIconState,
  trayTitle,
  trayTooltip,
  type TrayActions,
  type TrayIconState,
  type TrayView,
} from './tray-model.ts';

export type TrayLike = Pick<
  Tray,
  'setImage' | 'setToolTip' | 'setContextMenu' | 'setTitle' | 'on' | 'destroy' | 'isDestroyed'
>;

export interface TrayDeps {
  Tray: new (image: NativeImage) => TrayLike;
  Menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): Menu };
  nativeImage: { createFromPath(path: string): NativeImage };
  /** PNG per icon state (built from build/icon.svg by scripts/make-icons.mjs). */
  iconPaths: Record<TrayIconState, string>;
  /** app.setBadgeCount: shows the unread count on Linux launchers (Unity) and the macOS dock. */
  setBadgeCount?: (count: number) => unknown;
  actions: TrayActions;
  initialView: TrayView;
}

export interface TrayController {
  /** Re-render icon, tooltip, title and menu from the app's current state. */
  update(view: TrayView): void;
  destroy(): void;
  /** The live Tray object (kept here so it is never garbage-collected). */
  readonly tray: TrayLike;
}

export function setupTray(deps: TrayDeps): TrayController {
  const images = new Map<TrayIconState, NativeImage>();
  const imageFor = (state: TrayIconState): NativeImage => {
    let image = images.get(state);
    if (!image) {
      image = deps.nativeImage.createFromPath(deps.iconPaths[state]);
      images.set(state, image);
    }
    return image;
  };

  let iconState = trayIconState(deps.initialView);
  const tray = new deps.Tray(imageFor(iconState));
  // Windows and macOS report clicks on the icon; StatusNotifierItem trays (Linux) only show the menu.
  tray.on('click', () => deps.actions.openLog());

  const render = (view: TrayView): void => {
    if (tray.isDestroyed()) return;
    const next = trayIconState(view);
    if (next !== iconState) {
      iconState = next;
      tray.setImage(imageFor(next));
    }
    tray.setToolTip(trayTooltip(view));
    const title = trayTitle(view);
    if (title != null) tray.setTitle(title);
    deps.setBadgeCount?.(view.unread);
    tray.setContextMenu(deps.Menu.buildFromTemplate(buildTrayMenu(view, deps.actions)));
  };
  render(deps.initialView);

  return {
    update: render,
    destroy: () => {
      if (!tray.isDestroyed()) tray.destroy();
    },
    tray,
  };
}
