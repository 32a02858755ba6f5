import { unstableSetRender } from 'antd';
import { createRoot, type Root } from 'react-dom/client';

/*
 * antd 5 renders its static message, notification and Modal.confirm through React 18's legacy `render`, which React
 * 19 removed: without this hook every `message.success(…)` of the console is silently never shown. antd's own
 * compatibility entry point; drop it with antd 6.
 */
const roots = new WeakMap<Element | DocumentFragment, Root>();

unstableSetRender((node, container) => {
  let root = roots.get(container);
  if (!root) roots.set(container, (root = createRoot(container)));
  root.render(node);
  return async () => {
    // Unmounting inside React's own render pass warns; antd calls this from its close animation's callback.
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    roots.delete(container);
  };
});
