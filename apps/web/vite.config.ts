import { paraglideVitePlugin } from '@inlang/paraglide-js';
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    // Options beyond these two live in project.inlang/paraglide.config.ts (shared with the CLI).
    paraglideVitePlugin({ project: './project.inlang', outdir: './src/paraglide' }),
    sveltekit({
      adapter: adapter({ out: 'build' }),
      compilerOptions: { runes: true },
      // SvelteKit writes the page's CSP itself: its inline start-up script needs a per-request
      // nonce, which a static policy (e.g. helmet's, in front of us) cannot know.
      csp: {
        mode: 'auto',
        directives: {
          'default-src': ['self'],
          'script-src': ['self'],
          // Vite injects component CSS with <style> elements in development.
          'style-src': ['self', 'unsafe-inline'],
          'img-src': ['self', 'data:'],
          'font-src': ['self'],
          'connect-src': ['self'],
          // Without JavaScript, the billing forms are answered with a redirect to Stripe's hosted pages.
          'form-action': ['self', 'https://checkout.stripe.com', 'https://billing.stripe.com'],
          'base-uri': ['self'],
          'object-src': ['none'],
          'frame-ancestors': ['none'],
        },
      },
    }),
  ],
  server: {
    // In development the API runs on its own port (scripts/stack.ts passes it as API_PROXY);
    // in production the API's server mounts this app, so there is nothing to proxy.
    proxy: { '/api': process.env.API_PROXY ?? 'http://127.0.0.1:3000' },
  },
});
