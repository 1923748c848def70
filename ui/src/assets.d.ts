// Vite turns an imported image into the URL it serves it from.
declare module "*.svg" {
  const url: string;
  export default url;
}
