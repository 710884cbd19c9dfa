// esbuild loads .css as text (scripts/build.mjs).
declare module '*.css' {
  const text: string;
  export default text;
}
